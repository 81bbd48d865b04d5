package browsertest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
)

// TestScreenshotsAndAccessibility looks at every main page at three widths:
// a screenshot of each for people to review, axe-core on each, and no
// sideways scrolling on a phone.
func TestScreenshotsAndAccessibility(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	pat, secret := in.User(t, "pat@example.org", domain.RolePractitioner, true)
	quinn, _ := in.User(t, "quinn@example.org", domain.RolePractitioner, false)
	eve, _ := in.User(t, "eve@example.org", domain.RolePractitioner, false)
	requireMFA(t, in, eve)
	dir := screenshotDir(t)
	b := newBrowser(t, in.URL)

	lookAtSignIn(b.person(t), dir, secret)
	lookAtEnrolment(b.person(t), dir)
	p := b.person(t)
	p.enterPassword("pat@example.org")
	p.enterCode(totp(t, secret, time.Now().Add(30*time.Second)))
	p.wantPath("/")
	p.look(dir, "caseload-empty")
	lookAtCaseForm(p, dir)
	id := makeCases(t, in, pat, quinn)
	lookAtCases(p, dir, id)
	lookAtAdmin(b.person(t), in, dir, pat)
	t.Logf("screenshots in %s", dir)
}

func lookAtSignIn(p *tab, dir, secret string) {
	p.t.Helper()
	p.open("/login")
	p.look(dir, "login")
	p.fill("#f-email", "pat@example.org")
	p.fill("#f-password", "not the password")
	if st := p.press(`form[action="/login"] button[type="submit"]`); st < 400 {
		p.t.Errorf("wrong password: status %d", st)
	}
	p.look(dir, "login-error")
	p.enterPassword("pat@example.org")
	p.wantPath("/login/verify")
	p.look(dir, "verify")
	p.enterCode(wrongCode(p.t, secret))
	p.look(dir, "verify-error")
}

func lookAtEnrolment(p *tab, dir string) {
	p.t.Helper()
	p.enterPassword("eve@example.org")
	p.wantPath("/account/mfa")
	p.look(dir, "enrol")
	p.fill("#f-code", totp(p.t, p.text("#secret"), time.Now()))
	p.press(`form[action="/account/mfa"] button[type="submit"]`)
	p.wantText("h1", "Your recovery codes")
	p.look(dir, "recovery")
}

func lookAtCaseForm(p *tab, dir string) {
	p.t.Helper()
	p.open("/cases/new")
	p.look(dir, "case-new")
	p.fill(`[name="p1_role"]`, "child")
	p.fill(`[name="p1_name"]`, "Leo")
	p.fill(`[name="p2_relation"]`, "grandmother")
	if st := p.press(`form.case-form button[type="submit"]`); st < 400 {
		p.t.Errorf("an empty case form: status %d, want 4xx", st)
	}
	p.wantText(".error-summary", "There is a problem")
	p.look(dir, "case-new-errors")
}

func lookAtCases(p *tab, dir, id string) {
	p.t.Helper()
	p.open("/")
	p.look(dir, "caseload")
	p.fill("#f-reference", "vig-2024")
	p.press(`form[role="search"] button[type="submit"]`)
	p.wantText("#caseload", "Cases whose reference holds “vig-2024”.")
	p.wantText(".cases", "VIG-2024-017")
	p.look(dir, "caseload-search")
	p.open("/?status=open&reference=nothing-like-it")
	p.wantText("#caseload", "No case here has a reference holding “nothing-like-it”.")
	p.look(dir, "caseload-search-none")
	p.open("/cases/" + id)
	p.look(dir, "case")
	p.open("/cases/" + id + "/edit")
	p.look(dir, "case-edit")
	if st := p.open("/cases/no-such-case"); st != http.StatusNotFound {
		p.t.Errorf("a case that doesn't exist: status %d, want 404", st)
	}
	p.look(dir, "not-found")
}

func lookAtAdmin(p *tab, in *apptest.Instance, dir string, someone *domain.User) {
	p.t.Helper()
	p.enterPassword("root@example.org")
	for _, pg := range []struct{ path, name string }{
		{"/admin/users", "admin-users"},
		{"/admin/users/" + someone.ID, "admin-user"},
		{"/admin/users/new", "admin-user-new"},
		{"/admin/audit", "admin-audit"},
	} {
		if st := p.open(pg.path); st != http.StatusOK {
			p.t.Fatalf("%s: status %d", pg.path, st)
		}
		p.look(dir, pg.name)
	}
	p.open("/admin/users/new")
	p.fill("#f-email", "not an address")
	p.press(`form[action="/admin/users"] button[type="submit"]`)
	p.look(dir, "admin-user-new-errors")
}

// makeCases gives pat a caseload that stretches the layout: long words,
// long focus, several people, initials only, and a case shared by a
// colleague. It returns the id of the fullest case.
func makeCases(t *testing.T, in *apptest.Instance, pat, quinn *domain.User) string {
	t.Helper()
	born := func(years int) string { return time.Now().AddDate(-years, -4, 0).Format(time.DateOnly) }
	full := createCase(t, in, pat, casework.Input{Reference: "VIG-2024-017",
		Focus: "We want to enjoy bedtime together again, without it ending in tears for both of us.\nAnd to play more on Saturdays.",
		Participants: []domain.Participant{
			{Role: domain.ParticipantAdult, Name: "Maya Okonkwo-Fairweather", Relation: "mother"},
			{Role: domain.ParticipantAdult, Name: "Tom Fairweather", Relation: "father"},
			{Role: domain.ParticipantChild, Name: "Leo", BirthDate: born(3)},
			{Role: domain.ParticipantChild, Name: "Ava", BirthDate: born(0)},
		}})
	createCase(t, in, pat, casework.Input{Reference: "NORTHFIELDFAMILYHUB-EARLYHELP-2024-000123456789",
		InitialsOnly: true, Participants: []domain.Participant{
			{Role: domain.ParticipantAdult, Name: "Sofia Marquez", Relation: "foster carer"},
			{Role: domain.ParticipantChild, Name: "Jayden", BirthDate: born(7)},
		}})
	shared := createCase(t, in, quinn, casework.Input{Reference: "VIG-2024-030", Focus: "Talking about school without arguing."})
	if err := in.Deps.Cases.Share(context.Background(), actor(quinn), shared, pat.ID); err != nil {
		t.Fatal(err)
	}
	return full
}

func createCase(t *testing.T, in *apptest.Instance, u *domain.User, c casework.Input) string {
	t.Helper()
	got, err := in.Deps.Cases.Create(context.Background(), actor(u), c)
	if err != nil {
		t.Fatalf("create case %s: %v", c.Reference, err)
	}
	return got.ID
}

func actor(u *domain.User) accounts.Actor { return accounts.Actor{User: u, IP: "127.0.0.1"} }
