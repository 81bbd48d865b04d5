package app_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/store"
)

// outbox keeps the e-mails the family's side sends, in place of SMTP.
type outbox struct {
	mu   sync.Mutex
	sent []string // "to\nbody"
	got  chan string
}

func newOutbox() *outbox { return &outbox{got: make(chan string, 16)} }

func (o *outbox) Send(_ context.Context, to, _, body string) error {
	o.mu.Lock()
	o.sent = append(o.sent, to+"\n"+body)
	o.mu.Unlock()
	o.got <- to + "\n" + body
	return nil
}

func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent)
}

// familyCase makes a practitioner's case for the family's sign-in tests.
func familyCase(t *testing.T, in *apptest.Instance) (string, func(name, email string) *family.Invitation) {
	ctx := context.Background()
	in.User(t, "owner@example.org", domain.RolePractitioner, false)
	owner := actorOf(t, in, "owner@example.org")
	c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "REF-S", Focus: "play",
		Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}}})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID, func(name, email string) *family.Invitation {
		inv, err := in.Deps.Family.Invite(ctx, owner, c.ID, family.InviteInput{Name: name, Email: email})
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
}

// post sends a form without following redirects and returns status and body.
func post(t *testing.T, in *apptest.Instance, path string, form url.Values) (int, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(in.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func failedTries(t *testing.T, in *apptest.Instance, memberID string) int {
	ctx := context.Background()
	var m *domain.FamilyMember
	if err := in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) { m, err = tx.FamilyMemberByID(ctx, memberID); return err }); err != nil {
		t.Fatal(err)
	}
	return m.Failed
}

// Expired, used and wrong codes each say what happened; only a wrong one
// counts towards the lock. Using an invitation's link voids its code and
// the other way round.
func TestFamilyCodeMessages(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		_, invite := familyCase(t, in)
		byLink := invite("Ann", "ann@example.org")
		familySignIn(t, in, byLink.Link)
		byCode := invite("Bo", "bo@example.org")
		in.Deps.Family.InviteLifetime = -time.Minute
		old := invite("Cy", "cy@example.org")
		in.Deps.Family.InviteLifetime = 7 * 24 * time.Hour

		signIn := func(email, code string) (int, string) {
			return post(t, in, "/family/signin", url.Values{"email": {email}, "code": {code}})
		}
		if st, _ := signIn("bo@example.org", byCode.Code); st != http.StatusSeeOther {
			t.Fatalf("a fresh code: status %d", st)
		}
		wrong := "00000000"
		if wrong == byLink.Code {
			wrong = "11111111"
		}
		for _, tc := range []struct {
			name, email, code, says string
			status, failed          int
			member                  string
		}{
			{"the code of an invitation whose link was used", "ann@example.org", byLink.Code, "already been used", 401, 0, byLink.Member.ID},
			{"an expired code", "cy@example.org", old.Code, "has expired", 401, 0, old.Member.ID},
			{"a code used before", "bo@example.org", byCode.Code, "already been used", 401, 0, byCode.Member.ID},
			{"a wrong code", "ann@example.org", wrong, "doesn't match", 401, 1, byLink.Member.ID},
		} {
			st, body := signIn(tc.email, tc.code)
			if st != tc.status || !strings.Contains(pageText(body), tc.says) {
				t.Errorf("%s: status %d, want %d saying %q; page: %s", tc.name, st, tc.status, tc.says, pageText(body))
			}
			if n := failedTries(t, in, tc.member); n != tc.failed {
				t.Errorf("%s: %d wrong tries counted, want %d", tc.name, n, tc.failed)
			}
		}
		u, _ := url.Parse(byCode.Link)
		if st, body := post(t, in, u.Path, nil); st != http.StatusNotFound || !strings.Contains(pageText(body), "already been used") {
			t.Errorf("the link of an invitation whose code was used: status %d; page: %s", st, pageText(body))
		}
	})
}

var codeInMail = regexp.MustCompile(`code is (\d{8})`)

// A parent asks for a new code on the sign-in page: it comes by e-mail to
// a known address; the page answers the same for known and unknown
// addresses, and says when the address asked too often.
func TestFamilyNewCodeByEmail(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		_, invite := familyCase(t, in)
		ann := invite("Ann", "ann@example.org")
		familySignIn(t, in, ann.Link)
		box := newOutbox()
		in.Deps.Family.Mail = box
		ask := func(email string) (int, string) {
			st, body := post(t, in, "/family/signin/request", url.Values{"email": {email}})
			return st, strings.ReplaceAll(body, email, "ADDRESS")
		}
		stKnown, known := ask("Ann@example.org")
		stUnknown, unknown := ask("nobody@example.org")
		if stKnown != http.StatusOK || stKnown != stUnknown || known != unknown {
			t.Fatalf("known and unknown addresses answered differently: %d and %d\n%s\n---\n%s", stKnown, stUnknown, pageText(known), pageText(unknown))
		}
		if !strings.Contains(pageText(known), "a new code is on its way") {
			t.Errorf("page after asking: %s", pageText(known))
		}
		var msg string
		select {
		case msg = <-box.got:
		case <-time.After(10 * time.Second):
			t.Fatal("no e-mail to the known address")
		}
		m := codeInMail.FindStringSubmatch(msg)
		if !strings.HasPrefix(msg, "ann@example.org\n") || m == nil {
			t.Fatalf("e-mail: %q", msg)
		}
		if st, body := post(t, in, "/family/signin", url.Values{"email": {"ann@example.org"}, "code": {m[1]}}); st != http.StatusSeeOther {
			t.Errorf("signing in with the e-mailed code: status %d; page: %s", st, pageText(body))
		}
		for i := 0; i < 2; i++ {
			ask("ann@example.org")
			ask("nobody@example.org")
		}
		stKnown, known = ask("ann@example.org")
		stUnknown, unknown = ask("nobody@example.org")
		if stKnown != http.StatusTooManyRequests || stKnown != stUnknown || known != unknown || !strings.Contains(pageText(known), "asked for") {
			t.Errorf("asking too often: %d and %d\n%s\n---\n%s", stKnown, stUnknown, pageText(known), pageText(unknown))
		}
		if n := box.count(); n > 3 {
			t.Errorf("%d e-mails sent to one address in a row, want at most 3", n)
		}
	})
}

// Without e-mail the page says to ask the guider, the same for everyone.
func TestFamilyNewCodeWithoutEmail(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		_, invite := familyCase(t, in)
		invite("Ann", "ann@example.org")
		var pages []string
		for _, email := range []string{"ann@example.org", "nobody@example.org"} {
			st, body := post(t, in, "/family/signin/request", url.Values{"email": {email}})
			if st != http.StatusOK || strings.Contains(body, "on its way") || !strings.Contains(pageText(body), "doesn't send codes by e-mail") {
				t.Errorf("%s without e-mail: status %d; page: %s", email, st, pageText(body))
			}
			pages = append(pages, strings.ReplaceAll(body, email, "ADDRESS"))
		}
		if pages[0] != pages[1] {
			t.Errorf("known and unknown addresses answered differently without e-mail")
		}
	})
}

// pageText is the main text of a page, for failure messages.
func pageText(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	body = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
	return html.UnescapeString(strings.Join(strings.Fields(body), " "))
}
