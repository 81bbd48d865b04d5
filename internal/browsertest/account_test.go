package browsertest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// bearerStatus is what the JSON API answers a request with token.
func bearerStatus(t *testing.T, base, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/cases", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestAccountTokensAndReset: a practitioner makes a named API token on
// their account page (shown once), sees it listed with its expiry and
// revokes it; the page is keyboard operable with a way back. An
// administrator sees the practitioner's tokens, resets their access (the
// token stops working) and is told the link needs a second administrator;
// the second approves it on the same page. Every page passes axe.
func TestAccountTokensAndReset(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	pat, _ := in.User(t, "pat@example.org", domain.RolePractitioner, false)
	in.User(t, "ada@example.org", domain.RoleAdmin, false)
	in.User(t, "bea@example.org", domain.RoleAdmin, false)
	b := newBrowser(t, in.URL)
	dir := screenshotDir(t)

	p := b.person(t)
	p.enterPassword("pat@example.org")
	p.press(`a[href="/account"]`)
	p.wantPath("/account")
	p.wantText("main", "Your account", "API tokens", "You have no API tokens.")
	p.fill("#f-label", "nightly export")
	p.press(`form[action="/account/tokens"] button[type="submit"]`)
	p.wantText("main", "Your new token is shown only now.", "nightly export")
	tok := eval[string](p, `document.getElementById('new-token').value`)
	if len(tok) != 43 || bearerStatus(t, in.URL, tok) != http.StatusOK {
		t.Fatalf("the new token %q does not work", tok)
	}
	p.lookWideAndNarrow(dir, "account-tokens")
	if keys := p.tabThrough("account"); len(keys) < 5 {
		t.Errorf("Tab reaches only %q on the account page", keys)
	}
	if p.count(`p.back a[href="/"]`) != 1 {
		t.Error("the account page has no way back")
	}
	p.press(`form[action$="/revoke"] button`)
	p.wantText("main", "Token revoked.", "You have no API tokens.")
	if st := bearerStatus(t, in.URL, tok); st != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d, want 401", st)
	}

	script := in.Token(t, "pat@example.org")
	ada := b.person(t)
	ada.enterPassword("ada@example.org")
	ada.open("/admin/users/" + pat.ID)
	ada.wantText("main", "API tokens", "test")
	ada.press(`form[action="/admin/users/` + pat.ID + `/reset"] button`)
	ada.wantText("main", "Access reset", "API tokens are revoked", "works only after another administrator approves")
	link := eval[string](ada, `document.getElementById('link').value`)
	if !strings.Contains(link, "/reset/") || bearerStatus(t, in.URL, script) != http.StatusUnauthorized {
		t.Fatalf("after the reset: link %q, the old token answers %d", link, bearerStatus(t, in.URL, script))
	}
	ada.lookWideAndNarrow(dir, "admin-reset-shown")
	ada.open("/admin/users/" + pat.ID)
	if ada.count(`form[action$="/approve-reset"]`) != 0 {
		t.Error("the administrator who reset the account is offered to approve it")
	}

	p.open(strings.TrimPrefix(link, in.URL))
	p.wantText("main", "works only once a second administrator has approved the reset")

	bea := b.person(t)
	bea.enterPassword("bea@example.org")
	bea.open("/admin/users/" + pat.ID)
	bea.wantText("main", "works only after another administrator approves it")
	bea.lookWideAndNarrow(dir, "admin-reset-pending")
	bea.press(`form[action$="/approve-reset"] button`)
	bea.wantText("main", "Reset approved.")

	// Pat comes back through the link: a new password, then a new second
	// factor before anything else; then the notice of who reset the access.
	p.open(strings.TrimPrefix(link, in.URL))
	p.fill("#f-password", "a brand new long password")
	p.press(`main form button[type="submit"]`)
	p.open("/login")
	p.fill("#f-email", "pat@example.org")
	p.fill("#f-password", "a brand new long password")
	p.press(`form[action="/login"] button[type="submit"]`)
	p.wantPath("/account/mfa")
	secret := strings.TrimSpace(p.text("#secret"))
	p.fill("#f-code", totp(t, secret, time.Now()))
	p.press(`form[action="/account/mfa"] button[type="submit"]`)
	p.press(`main a.button`)
	p.wantText("main", "Your access was reset by an administrator.")
	p.open("/account")
	p.wantText("#notices + ul", "administrator Ada reset your access", "shown to that administrator")
}
