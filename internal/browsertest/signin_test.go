package browsertest

import (
	"fmt"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
)

// enterPassword signs in with the password on the login page and returns
// the status of the page it leads to.
func (p *tab) enterPassword(email string) int64 {
	p.t.Helper()
	p.open("/login")
	p.fill("#f-email", email)
	p.fill("#f-password", apptest.Password)
	return p.press(`form[action="/login"] button[type="submit"]`)
}

// enterCode submits a code on the verify page and returns the next page's status.
func (p *tab) enterCode(code string) int64 {
	p.t.Helper()
	p.fill("#f-code", code)
	return p.press(`form[action="/login/verify"] button[type="submit"]`)
}

// signIn takes a person with a second factor all the way to their start page.
func (p *tab) signIn(email, secret string) {
	p.t.Helper()
	p.enterPassword(email)
	p.wantPath("/login/verify")
	p.enterCode(totp(p.t, secret, time.Now()))
	p.wantPath("/")
}

// totp is the authenticator app's code at a time.
func totp(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := auth.TOTPCode(secret, at)
	if err != nil {
		t.Fatalf("compute a TOTP code: %v", err)
	}
	return code
}

// wrongCode is a six-digit code that the secret does not give near now.
func wrongCode(t *testing.T, secret string) string {
	t.Helper()
	near := map[string]bool{}
	for step := -2; step <= 2; step++ {
		near[totp(t, secret, time.Now().Add(time.Duration(step)*30*time.Second))] = true
	}
	for n := 0; ; n++ {
		if c := fmt.Sprintf("%06d", n*111111%1000000); !near[c] {
			return c
		}
	}
}
