package browsertest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// TestSignInCreateShareDeny is the acceptance test of signing in with a
// second factor, opening a case, sharing it with a supervisor, and another
// practitioner finding nothing at the same address.
func TestSignInCreateShareDeny(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	_, secretA := in.User(t, "ada@example.org", domain.RolePractitioner, true)
	_, secretB := in.User(t, "ben@example.org", domain.RolePractitioner, true)
	sup, secretS := in.User(t, "sam@example.org", domain.RoleSupervisor, true)
	b := newBrowser(t, in.URL)

	a := b.person(t)
	signInAfterWrongCode(a, "ada@example.org", secretA)
	caseID := openCase(a)
	shareWith(a, sup)

	other := b.person(t)
	if other.open("/"); other.path() != "/login" {
		t.Fatalf("a new browser context reached %s without signing in: cookies leak between people", other.path())
	}
	other.signIn("ben@example.org", secretB)
	wantDenied(other, caseID)

	s := b.person(t)
	s.signIn("sam@example.org", secretS)
	s.wantText(".cases", "VIG-2024-017", "Shared by Ada")
	if st := s.press(`.cases a[href="/cases/` + caseID + `"]`); st != http.StatusOK {
		t.Fatalf("supervisor opening the shared case: status %d", st)
	}
	s.wantText("main", "Maya", "mother", "Leo", "child")
	if n := s.count("#f-user"); n != 0 {
		t.Errorf("a supervisor sees the share form (%d), only the owner should", n)
	}
}

// signInAfterWrongCode checks a wrong code is refused with the error summary
// and the field marked, then signs in with the right one.
func signInAfterWrongCode(p *tab, email, secret string) {
	p.t.Helper()
	p.enterPassword(email)
	p.wantPath("/login/verify")
	if st := p.enterCode(wrongCode(p.t, secret)); st < 400 {
		p.t.Errorf("wrong code: status %d, want a 4xx", st)
	}
	p.wantPath("/login/verify")
	p.wantText(".error-summary", "There is a problem")
	if got := eval[string](p, "document.getElementById('f-code').getAttribute('aria-invalid') || ''"); got != "true" {
		p.t.Errorf("code field after a wrong code: aria-invalid=%q, want true", got)
	}
	if got := eval[string](p, "document.activeElement.className"); !strings.Contains(got, "error-summary") {
		p.t.Errorf("focus after a wrong code is on %q, want the error summary", got)
	}
	if st := p.enterCode(totp(p.t, secret, time.Now())); st != http.StatusOK {
		p.t.Fatalf("right code: status %d", st)
	}
	p.wantPath("/")
	p.wantText("h1", "Your caseload")
}

// openCase opens a case for an adult and a child through the form and
// returns its id.
func openCase(p *tab) string {
	p.t.Helper()
	p.press(`.page-head a[href="/cases/new"]`)
	p.wantPath("/cases/new")
	p.fill("#f-reference", "VIG-2024-017")
	p.fill("#f-focus", "We want to enjoy bedtime together again.")
	p.fill(`[name="p0_role"]`, "adult")
	p.fill(`[name="p0_name"]`, "Maya")
	p.fill(`[name="p0_relation"]`, "mother")
	p.fill(`[name="p1_role"]`, "child")
	p.fill(`[name="p1_name"]`, "Leo")
	p.fill(`[name="p1_birth_date"]`, time.Now().AddDate(-3, -2, 0).Format(time.DateOnly))
	if st := p.press(`form.case-form button[type="submit"]`); st != http.StatusOK {
		p.t.Fatalf("open the case: status %d: %s", st, p.text("main"))
	}
	path := p.path()
	id, ok := strings.CutPrefix(path, "/cases/")
	if !ok || id == "" || strings.Contains(id, "/") {
		p.t.Fatalf("after opening a case: at %s, want /cases/{id}; page says %.300s", path, p.text("main"))
	}
	p.wantText("[role=status]", "VIG-2024-017 is open")
	p.wantText("h1", "VIG-2024-017")
	p.wantText("main", "Maya", "mother", "Leo", "child, 3 years", "We want to enjoy bedtime together again.")
	return id
}

// shareWith shares the case on the page with a colleague.
func shareWith(p *tab, u *domain.User) {
	p.t.Helper()
	p.fill("#f-user", u.ID)
	if st := p.press(`.share-form button[type="submit"]`); st != http.StatusOK {
		p.t.Fatalf("share: status %d", st)
	}
	p.wantText("[role=status]", "Shared")
	p.wantText(`[aria-labelledby="h-shared"]`, u.Name)
}

// wantDenied checks a practitioner the case isn't shared with finds nothing.
func wantDenied(p *tab, caseID string) {
	p.t.Helper()
	if st := p.open("/cases/" + caseID); st != http.StatusNotFound {
		p.t.Errorf("other practitioner opening the case: status %d, want 404", st)
	}
	p.wantText("main", "We couldn't find that case")
	if strings.Contains(p.text("main"), "Maya") {
		p.t.Error("the not-found page shows a name from the case")
	}
	for _, path := range []string{"/cases/" + caseID, "/cases/" + caseID + "/edit"} {
		if st := p.status(path); st != http.StatusNotFound {
			p.t.Errorf("fetch %s as the other practitioner: status %d, want 404", path, st)
		}
	}
	p.open("/?status=all")
	if n := p.count(`a[href="/cases/` + caseID + `"]`); n != 0 {
		p.t.Errorf("the other practitioner's caseload links to the case %d times", n)
	}
	if strings.Contains(p.text("main"), "VIG-2024-017") {
		p.t.Error("the other practitioner's caseload names the case")
	}
}

// TestEnrolment takes an account that must use a second factor but has none
// through setting one up, to its caseload.
func TestEnrolment(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "eve@example.org", domain.RolePractitioner, false)
	requireMFA(t, in, u)
	p := newBrowser(t, in.URL).person(t)

	p.enterPassword("eve@example.org")
	p.wantPath("/account/mfa")
	if st := p.open("/"); st >= 200 && st < 300 && p.path() == "/" {
		t.Fatalf("the caseload opened before the second factor was set up")
	}
	p.open("/account/mfa")
	enrolWithOneSlip(p)
}

func wantRecoveryCodes(p *tab) {
	p.t.Helper()
	codes := eval[[]string](p, "[...document.querySelectorAll('.codes code')].map(c => c.textContent.trim())")
	seen := map[string]bool{}
	for _, c := range codes {
		if c == "" || seen[c] {
			p.t.Errorf("recovery codes %q: empty or repeated %q", codes, c)
		}
		seen[c] = true
	}
	if len(codes) < 5 {
		p.t.Errorf("recovery codes shown: %d, want at least 5", len(codes))
	}
}

// requireMFA makes an administrator require a second factor of u.
func requireMFA(t *testing.T, in *apptest.Instance, u *domain.User) {
	t.Helper()
	admin, _ := in.User(t, "root@example.org", domain.RoleAdmin, false)
	if _, err := in.Deps.Accounts.SetMFARequired(context.Background(), accounts.Actor{User: admin, IP: "127.0.0.1"}, u.ID, true); err != nil {
		t.Fatal(err)
	}
}
