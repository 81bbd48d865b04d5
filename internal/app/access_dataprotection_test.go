package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/breakglass"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

func init() {
	rowSources = append(rowSources, dataProtectionRows)
	worldHooks = append(worldHooks, dataProtectionWorld)
}

// dataProtectionWorld adds a case under a legal hold, a case to erase, and an
// emergency grant held by another administrator, to review and end.
func dataProtectionWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	adm := accounts.Actor{User: &domain.User{ID: "system", Role: domain.RoleAdmin}}
	for _, k := range []string{"heldCase", "eraseCase", "holdCase"} {
		c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: strings.ToUpper(k)})
		if err != nil {
			t.Fatal(err)
		}
		ids[k] = c.ID
	}
	if err := in.Deps.Retention.Hold(ctx, adm, ids["heldCase"], "Court order"); err != nil {
		t.Fatal(err)
	}
	other, _ := in.User(t, "dp-admin@example.org", domain.RoleAdmin, false)
	g := &domain.BreakGlass{ID: auth.NewID(), UserID: other.ID, CaseID: ids["case"], Reason: "Safeguarding call",
		GrantedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateBreakGlass(ctx, g) }); err != nil {
		t.Fatal(err)
	}
	ids["grant"] = g.ID
	e, err := in.Deps.SAR.Create(ctx, owner, ids["case"], nil)
	if err != nil {
		t.Fatal(err)
	}
	ids["export"] = e.ID
}

func dataProtectionRows(ids map[string]string) []row {
	grant := "/admin/break-glass/" + ids["grant"]
	return []row{
		{route: "GET /admin/retention", expect: adminGET},
		{route: "POST /admin/retention/rules", body: "footage_days=60&records_age=25&records_years=8&audit_years=8&dp_contact=", expect: adminPOST},
		{route: "POST /admin/retention/holds", body: "case=" + ids["holdCase"] + "&reason=Inquiry", expect: adminPOST},
		{route: "POST /admin/retention/holds/{case}/release", path: "/admin/retention/holds/" + ids["heldCase"] + "/release", expect: adminPOST},
		{route: "POST /admin/retention/erase", body: "erase_case=" + ids["eraseCase"] + "&confirm=yes", expect: adminPOST, order: 6},
		{route: "GET /admin/break-glass", expect: adminGET},
		{route: "GET /api/v1/retention/plan", expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 200}},
		// Without an authenticator app the administrator cannot re-authenticate: 400 naming the code field.
		{route: "POST /admin/break-glass", body: "case=" + ids["case"] + "&reason=Emergency&password=" + apptest.Password + "&code=123456",
			expect: expect{anon: 401, owner: 403, other: 403, supShare: 403, supNone: 403, admin: 400}},
		{route: "GET /admin/break-glass/{id}", path: grant, expect: adminGET},
		{route: "POST /admin/break-glass/{id}/review", path: grant + "/review", expect: adminPOST},
		{route: "POST /admin/break-glass/{id}/end", path: grant + "/end", expect: adminPOST, order: 6},
		{route: "GET /cases/{id}/export", path: "/cases/" + ids["case"] + "/export",
			expect: expect{anon: 303, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "POST /cases/{id}/export", path: "/cases/" + ids["case"] + "/export",
			expect: expect{anon: 401, owner: 303, other: 404, supShare: 403, supNone: 404, admin: 403}},
		{route: "GET /exports/{id}", path: "/exports/" + ids["export"], expect: expect{anon: 303, owner: 200, "*": 404}},
		{route: "GET /exports/{id}/download", path: "/exports/" + ids["export"] + "/download", expect: expect{anon: 303, owner: 200, "*": 404}},
	}
}

// TestBreakGlassAccess: an administrator reaches no case data without a
// grant; with one (reason + password + code) they may look at that case and
// nothing else, the practitioner and the data-protection contact are told,
// what they looked at is listed for review; when it ends, 404 again.
func TestBreakGlassAccess(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		ownerU, _ := in.User(t, "owner@example.org", domain.RolePractitioner, false)
		dpo, _ := in.User(t, "dpo@example.org", domain.RoleSupervisor, false)
		admU, secret := in.User(t, "admin@example.org", domain.RoleAdmin, true)
		owner, adm := accounts.Actor{User: ownerU}, accounts.Actor{User: admU}
		c, _ := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "BG-1"})
		c2, _ := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "BG-2"})
		rules, _ := in.Deps.Retention.Rules(ctx, adm)
		rules.DPContact = dpo.Email
		if err := in.Deps.Retention.SetRules(ctx, adm, rules); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Deps.Cases.Get(ctx, adm, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("admin without a grant: %v, want not found", err)
		}
		code := func() string { s, _ := auth.TOTPCode(secret, time.Now()); return s }
		bg := in.Deps.BreakGlass
		for _, bad := range []breakglass.Request{
			{CaseID: c.ID, Reason: "", Password: apptest.Password, Code: code()},
			{CaseID: c.ID, Reason: "Emergency", Password: "wrong password here", Code: code()},
			{CaseID: c.ID, Reason: "Emergency", Password: apptest.Password, Code: "000000"},
		} {
			if _, err := bg.Open(ctx, adm, bad); domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("bad request %+v granted: %v", bad, err)
			}
		}
		g, err := bg.Open(ctx, adm, breakglass.Request{CaseID: c.ID, Reason: "Child at risk, practitioner away", Password: apptest.Password, Code: code()})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := in.Deps.Cases.Get(ctx, adm, c.ID); err != nil || got.Reference != "BG-1" {
			t.Fatalf("admin with a grant: %v", err)
		}
		if _, err := in.Deps.Cases.Get(ctx, adm, c2.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("the grant opened another case: %v", err)
		}
		focus := "changed"
		if _, err := in.Deps.Cases.Update(ctx, adm, c.ID, casework.Patch{Focus: &focus}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a grant is for looking only; change gave %v", err)
		}
		for _, u := range []*domain.User{ownerU, dpo} {
			ns, _ := bg.Notifications(ctx, accounts.Actor{User: u})
			if len(ns) != 1 || !strings.Contains(ns[0].Text, "Child at risk") {
				t.Fatalf("%s not told: %+v", u.Email, ns)
			}
		}
		rv, err := bg.Grant(ctx, adm, g.ID)
		if err != nil || len(rv.Actions) == 0 || rv.Actions[0].Action != "case.view" {
			t.Fatalf("review does not list the case view: %+v %v", rv, err)
		}
		if err := bg.MarkReviewed(ctx, adm, g.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("reviewing one's own access: %v", err)
		}
		if err := bg.End(ctx, adm, g.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Deps.Cases.Get(ctx, adm, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("after the grant ended: %v, want not found", err)
		}
	})
}
