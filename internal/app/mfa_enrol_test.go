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

var secretOnPage = regexp.MustCompile(`id="secret">([A-Z2-7]+)<`)

// One mistyped code while setting up the second factor keeps the secret the
// phone already holds: the page shows the same key, says the code didn't
// match and how to get a good one, and the next right code turns it on.
func TestEnrolMistypedCodeKeepsTheSecret(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		in.User(t, "guide@example.org", domain.RolePractitioner, false)
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		res, err := c.PostForm(in.URL+"/login", url.Values{"email": {"guide@example.org"}, "password": {apptest.Password}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		m := secretOnPage.FindStringSubmatch(get(t, c, in.URL+"/account/mfa"))
		if m == nil {
			t.Fatal("no secret on the set-up page")
		}
		if again := secretOnPage.FindStringSubmatch(get(t, c, in.URL+"/account/mfa")); again == nil || again[1] != m[1] {
			t.Fatalf("reloading the set-up page changed the key from %s to %v", m[1], again)
		}
		code, _ := auth.TOTPCode(m[1], time.Now())
		status, page := postCode(t, c, in.URL, wrongDigit(code))
		if status != http.StatusBadRequest {
			t.Errorf("a mistyped code: status %d, want 400", status)
		}
		if again := secretOnPage.FindStringSubmatch(page); again == nil || again[1] != m[1] {
			t.Fatalf("after a mistyped code the key changed from %s to %v: the phone app is out of step", m[1], again)
		}
		for _, want := range []string{"didn&#39;t match", "time", "newest code"} {
			if !strings.Contains(page, want) {
				t.Errorf("the page after a mistyped code doesn't say %q", want)
			}
		}
		code, _ = auth.TOTPCode(m[1], time.Now())
		if status, page = postCode(t, c, in.URL, code); status != http.StatusOK || !strings.Contains(page, "Your recovery codes") {
			t.Fatalf("the right code after a mistyped one: %d\n%.600s", status, page)
		}
	})
}

func postCode(t *testing.T, c *http.Client, base, code string) (int, string) {
	t.Helper()
	res, err := c.PostForm(base+"/account/mfa", url.Values{"code": {code}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// wrongDigit changes the last digit of a code, as a slip of the finger would.
func wrongDigit(code string) string {
	last := (code[len(code)-1]-'0'+1)%10 + '0'
	return code[:len(code)-1] + string(rune(last))
}
