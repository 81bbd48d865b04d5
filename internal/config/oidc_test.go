package config

import (
	"strings"
	"testing"
)

func TestOIDCRoleMap(t *testing.T) {
	for _, tc := range []struct {
		roles string
		want  []GroupRole
		err   string
	}{
		{"attune-admins=admin, vig-guiders=Practitioner", []GroupRole{{"attune-admins", "admin"}, {"vig-guiders", "practitioner"}}, ""},
		{"sup=supervisor,", []GroupRole{{"sup", "supervisor"}}, ""},
		{"", nil, "is empty"},
		{"guiders", nil, `"guiders" is not group=role`},
		{"guiders=owner", nil, `"guiders=owner" is not group=role`},
		{"=admin", nil, `"=admin" is not group=role`},
	} {
		o := OIDC{Issuer: "https://id.example", ClientID: "a", ClientSecret: "b", Roles: tc.roles}
		got, err := o.RoleMap()
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want one saying %s", tc.roles, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%q: %v %v", tc.roles, got, err)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: %v, want %v", tc.roles, got, tc.want)
			}
		}
	}
}

func TestOIDCNeedsItsClient(t *testing.T) {
	o := OIDC{Issuer: "https://id.example", Roles: "g=admin"}
	if err := o.finish(); err == nil || !strings.Contains(err.Error(), "--oidc-client-id") {
		t.Errorf("an issuer without a client: %v", err)
	}
	if err := (&OIDC{}).finish(); err != nil {
		t.Errorf("single sign-on off: %v", err)
	}
}
