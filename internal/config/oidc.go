package config

import (
	"flag"
	"fmt"
	"strings"
)

// OIDC is single sign-on through the organisation's OpenID Connect
// provider. Off while Issuer is empty.
type OIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	Name         string // on the sign-in button: "Sign in with <Name>"
	GroupsClaim  string // the ID token claim listing the person's groups
	// Roles maps the provider's groups to attune roles, in order: the first
	// group a person is in decides. "group=role,group=role".
	Roles string
	// ProviderMFA trusts the provider's second factor: people signing in
	// through it are not asked for attune's code as well.
	ProviderMFA bool
}

func (o *OIDC) register(fs *flag.FlagSet) {
	fs.StringVar(&o.Issuer, "oidc-issuer", env("OIDC_ISSUER", ""), "OpenID Connect issuer URL for single sign-on; empty for none (ATTUNE_OIDC_ISSUER)")
	fs.StringVar(&o.ClientID, "oidc-client-id", env("OIDC_CLIENT_ID", ""), "the client id attune has at the provider (ATTUNE_OIDC_CLIENT_ID)")
	fs.StringVar(&o.ClientSecret, "oidc-client-secret", env("OIDC_CLIENT_SECRET", ""), "its client secret (ATTUNE_OIDC_CLIENT_SECRET or ATTUNE_OIDC_CLIENT_SECRET_FILE)")
	fs.StringVar(&o.Name, "oidc-name", env("OIDC_NAME", "your organisation"), "the provider's name on the sign-in page (ATTUNE_OIDC_NAME)")
	fs.StringVar(&o.GroupsClaim, "oidc-groups-claim", env("OIDC_GROUPS_CLAIM", "groups"), "ID token claim with the person's groups (ATTUNE_OIDC_GROUPS_CLAIM)")
	fs.StringVar(&o.Roles, "oidc-roles", env("OIDC_ROLES", ""), "groups to roles, first match wins: attune-admins=admin,vig-guiders=practitioner (ATTUNE_OIDC_ROLES)")
	fs.BoolVar(&o.ProviderMFA, "oidc-provider-mfa", env("OIDC_PROVIDER_MFA", "") == "true", "the provider asks for a second factor, so attune does not (ATTUNE_OIDC_PROVIDER_MFA=true)")
}

// Enabled tells whether single sign-on is configured.
func (o *OIDC) Enabled() bool { return o.Issuer != "" }

func (o *OIDC) finish() error {
	if !o.Enabled() {
		return nil
	}
	if o.ClientID == "" || o.ClientSecret == "" {
		return fmt.Errorf("--oidc-issuer needs --oidc-client-id and --oidc-client-secret: register attune with your provider first")
	}
	if _, err := o.RoleMap(); err != nil {
		return err
	}
	return nil
}

// GroupRole is one line of the group-to-role map.
type GroupRole struct{ Group, Role string }

// RoleMap reads Roles; a role name that isn't one is an error.
func (o *OIDC) RoleMap() ([]GroupRole, error) {
	var out []GroupRole
	for _, part := range strings.Split(o.Roles, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		g, r, ok := strings.Cut(part, "=")
		r = strings.ToLower(strings.TrimSpace(r))
		if !ok || strings.TrimSpace(g) == "" || (r != "admin" && r != "practitioner" && r != "supervisor") {
			return nil, fmt.Errorf("--oidc-roles: %q is not group=role with a role of admin, practitioner or supervisor", part)
		}
		out = append(out, GroupRole{Group: strings.TrimSpace(g), Role: r})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--oidc-roles is empty: say which of the provider's groups are attune's admins, practitioners and supervisors (e.g. attune-admins=admin,vig-guiders=practitioner)")
	}
	return out, nil
}
