package browsertest

import (
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/sso/ssotest"
)

// TestSingleSignOn signs a guider in through the organisation's provider
// from the sign-in page's button, in a real browser, and looks at the page.
func TestSingleSignOn(t *testing.T) {
	t.Parallel()
	idp := ssotest.Start(t, "attune", "s3cret")
	in := apptest.StartWith(t, "", func(c *config.Config) {
		c.OIDC = config.OIDC{Issuer: idp.URL, ClientID: "attune", ClientSecret: "s3cret", Name: "Northshire Council",
			GroupsClaim: "groups", Roles: "vig-guiders=practitioner", ProviderMFA: true}
	})
	idp.SignInAs(ssotest.Person{Subject: "p-7", Email: "sam@northshire.example", Name: "Sam Reed", Groups: []string{"vig-guiders"}})
	b := newBrowser(t, in.URL)
	p := b.person(t)
	p.open("/login")
	p.wantText("a.sso-button", "Sign in with Northshire Council")
	p.look(screenshotDir(t), "login-sso")
	p.press("a.sso-button")
	p.wantPath("/")
	p.wantText("body", "Sam Reed")
}
