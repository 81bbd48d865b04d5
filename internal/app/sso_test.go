package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/sso/ssotest"
	"github.com/attune-vig/attune/internal/store"
)

// ssoInstance is attune with single sign-on through a provider on
// 127.0.0.1 that maps two groups to roles.
func ssoInstance(t *testing.T, providerMFA bool) (*apptest.Instance, *ssotest.Provider) {
	idp := ssotest.Start(t, "attune", "s3cret")
	in := apptest.StartWith(t, "", func(c *config.Config) {
		c.OIDC = config.OIDC{Issuer: idp.URL, ClientID: "attune", ClientSecret: "s3cret", Name: "Northshire Council",
			GroupsClaim: "groups", Roles: "attune-admins=admin,vig-guiders=practitioner", ProviderMFA: providerMFA}
	})
	return in, idp
}

// browse follows redirects with a cookie jar, as a browser does, and
// returns where it ended, the status and the page.
func browse(t *testing.T, c *http.Client, url string) (string, int, string) {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.Request.URL.Path, res.StatusCode, string(b)
}

func newBrowserClient(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// A guider in the organisation's group signs in through the provider and
// lands on their caseload as a practitioner; the account is made and linked
// on the way, and audited.
func TestSSOSignsInAndMakesTheAccount(t *testing.T) {
	t.Parallel()
	in, idp := ssoInstance(t, true)
	c := newBrowserClient(t)
	if _, _, page := browse(t, c, in.URL+"/login"); !strings.Contains(page, "Sign in with Northshire Council") {
		t.Fatalf("the sign-in page offers no single sign-on:\n%s", page)
	}
	idp.SignInAs(ssotest.Person{Subject: "u-1", Email: "Robin@Northshire.example", Name: "Robin Ash", Groups: []string{"staff", "vig-guiders"}})
	path, status, page := browse(t, c, in.URL+"/login/sso?next=/calendar")
	if path != "/calendar" || status != 200 {
		t.Fatalf("after signing in through the provider: %s %d\n%s", path, status, page)
	}
	u := userByEmail(t, in, "robin@northshire.example")
	if u.Role != domain.RolePractitioner || u.Name != "Robin Ash" || u.PasswordHash != "" {
		t.Errorf("the account made: %+v", u)
	}
	if n := countAuditAction(t, in, "user.create.sso") + countAuditAction(t, in, "user.sso.link"); n != 2 {
		t.Errorf("creating and linking the account left %d audit entries, want 2", n)
	}
	// Signing in again finds the same account by subject, even with a new address.
	c2 := newBrowserClient(t)
	idp.SignInAs(ssotest.Person{Subject: "u-1", Email: "r.ash@northshire.example", Groups: []string{"attune-admins"}})
	if path, status, _ := browse(t, c2, in.URL+"/login/sso"); status != 200 || path != "/admin/users" {
		t.Fatalf("signing in again: %s %d", path, status)
	}
	if again := userByEmail(t, in, "robin@northshire.example"); again.ID != u.ID || again.Role != domain.RoleAdmin {
		t.Errorf("the second sign-in gave %+v, want the same account, now an admin (its group changed)", again)
	}
}

// Without trusting the provider's second factor, attune asks for its own;
// an existing account is linked by its e-mail address.
func TestSSOStillAsksForAttunesCode(t *testing.T) {
	t.Parallel()
	in, idp := ssoInstance(t, false)
	u, _ := in.User(t, "kim@northshire.example", domain.RolePractitioner, true)
	idp.SignInAs(ssotest.Person{Subject: "k-9", Email: "kim@northshire.example", Groups: []string{"vig-guiders"}})
	path, status, _ := browse(t, newBrowserClient(t), in.URL+"/login/sso")
	if path != "/login/verify" || status != 200 {
		t.Fatalf("an enrolled account signing in through the provider ends at %s %d, want the code page", path, status)
	}
	var linked *domain.User
	in.Deps.DB.View(context.Background(), func(tx *store.Tx) (err error) {
		linked, err = tx.UserBySSOSubject(context.Background(), idp.URL+" k-9")
		return err
	})
	if linked == nil || linked.ID != u.ID {
		t.Errorf("the provider's subject is linked to %+v, want %s", linked, u.ID)
	}
}

// What the provider or attune refuses ends on the sign-in page with a
// message, and nobody is signed in.
func TestSSORefusals(t *testing.T) {
	t.Parallel()
	in, idp := ssoInstance(t, true)
	admin, _ := in.User(t, "admin@northshire.example", domain.RoleAdmin, false)
	off, _ := in.User(t, "gone@northshire.example", domain.RolePractitioner, false)
	if _, err := in.Deps.Accounts.SetDisabled(context.Background(), accounts.Actor{User: admin}, off.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		who    ssotest.Person
		status int
		says   string
	}{
		{"in no group for attune", ssotest.Person{Subject: "a", Email: "a@northshire.example", Groups: []string{"finance"}}, 403, "access to attune"},
		{"no groups at all", ssotest.Person{Subject: "b", Email: "b@northshire.example"}, 403, "access to attune"},
		{"e-mail not verified", ssotest.Person{Subject: "c", Email: "c@northshire.example", Groups: []string{"vig-guiders"}, Unverified: true}, 401, "confirmed e-mail"},
		{"the provider says no", ssotest.Person{Subject: "d", Email: "d@northshire.example", Refuse: true}, 401, "access_denied"},
		{"a disabled account", ssotest.Person{Subject: "e", Email: "gone@northshire.example", Groups: []string{"vig-guiders"}}, 403, "disabled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newBrowserClient(t)
			idp.SignInAs(tc.who)
			path, status, page := browse(t, c, in.URL+"/login/sso")
			if status != tc.status || !strings.Contains(page, tc.says) || path != "/login/sso/callback" {
				t.Errorf("got %s %d, want %d saying %q:\n%s", path, status, tc.status, tc.says, page)
			}
			if path, _, _ := browse(t, c, in.URL+"/"); path != "/login" {
				t.Errorf("after the refusal the caseload answers at %s, want the sign-in page", path)
			}
		})
	}
}

// The provider's answer works once, only in the browser that started the
// sign-in, and only with its own state.
func TestSSOStateAndReplay(t *testing.T) {
	t.Parallel()
	in, idp := ssoInstance(t, true)
	idp.SignInAs(ssotest.Person{Subject: "z", Email: "z@northshire.example", Groups: []string{"vig-guiders"}})
	c := newBrowserClient(t)
	noFollow := *c
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := noFollow.Get(in.URL + "/login/sso")
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %v %v", res, err)
	}
	res, err = noFollow.Get(res.Header.Get("Location")) // the provider signs in and sends back
	if err != nil || res.StatusCode != http.StatusFound {
		t.Fatalf("provider: %v %v", res, err)
	}
	back := res.Header.Get("Location")
	// Another browser (no cookie) with the same answer is refused.
	if _, status, page := browse(t, newBrowserClient(t), back); status != 401 || !strings.Contains(page, "already used") {
		t.Errorf("the answer in another browser: %d\n%s", status, page)
	}
	// A changed state is refused.
	if _, status, _ := browse(t, c, strings.Replace(back, "state=", "state=x", 1)); status != 401 {
		t.Errorf("a changed state: %d", status)
	}
}

func userByEmail(t *testing.T, in *apptest.Instance, email string) *domain.User {
	t.Helper()
	var u *domain.User
	if err := in.Deps.DB.View(context.Background(), func(tx *store.Tx) (err error) {
		u, err = tx.UserByEmail(context.Background(), email)
		return err
	}); err != nil {
		t.Fatalf("no account %s: %v", email, err)
	}
	return u
}

func countAuditAction(t *testing.T, in *apptest.Instance, action string) int {
	t.Helper()
	var n int
	ctx := context.Background()
	in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		es, err := tx.AuditEntries(ctx, store.AuditFilter{Action: action, Limit: 1000})
		n = len(es)
		return err
	})
	return n
}
