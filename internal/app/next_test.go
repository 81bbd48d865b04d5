package app_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
)

// A "next" that leads off the site, however it is disguised, sends the
// person home after signing in, and never becomes a link on a page.
func TestNextStaysOnTheSite(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	in.User(t, "guide@example.org", domain.RolePractitioner, false)
	for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/%2F/evil.example"} {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		page := get(t, c, in.URL+"/login?next="+url.QueryEscape(next))
		if strings.Contains(page, "evil.example") {
			t.Errorf("the sign-in page for next=%q carries it on", next)
		}
		res, err := c.PostForm(in.URL+"/login", url.Values{"email": {"guide@example.org"}, "password": {apptest.Password}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("signed in with next=%q: %d to %q, want 303 to /", next, res.StatusCode, loc)
		}
	}
}

// The second-factor set-up page ends in a "continue" link; it never
// leads off the site, whatever next the link that brought the person said.
func TestEnrolPageKeepsNextLocal(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	in.User(t, "guide@example.org", domain.RolePractitioner, false)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(in.URL+"/login", url.Values{"email": {"guide@example.org"}, "password": {apptest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	evil := url.QueryEscape("https://evil.example/")
	page := get(t, c, in.URL+"/account/mfa?next="+evil)
	if strings.Contains(page, "evil.example") {
		t.Errorf("the set-up page carries an off-site next on:\n%.400s", page)
	}
	m := regexp.MustCompile(`id="secret">([A-Z2-7]+)<`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no secret on the set-up page:\n%.600s", page)
	}
	code, err := auth.TOTPCode(m[1], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res, err = c.PostForm(in.URL+"/account/mfa", url.Values{"code": {code}, "next": {"https://evil.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "continue") {
		t.Fatalf("set-up with a right code: %d\n%.600s", res.StatusCode, b)
	}
	if strings.Contains(string(b), "evil.example") {
		t.Errorf("the recovery codes page's continue link leads off the site")
	}
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
