package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
)

// fixture is one practitioner with benchCases cases, and one signed-in HTTP
// client (own cookie jar, own keep-alive pool) per load client.
type fixture struct {
	clients []*http.Client
	bearer  http.Header
}

const benchEmail = "load@example.org"

func newFixture(t *testing.T, in *apptest.Instance, clients int) *fixture {
	return newFixtureWith(t, in, clients, func(u *domain.User) { seedCases(t, in, u, benchCases) })
}

// newFixtureWith is newFixture with the cases made by seed.
func newFixtureWith(t *testing.T, in *apptest.Instance, clients int, seed func(u *domain.User)) *fixture {
	u, _ := in.User(t, benchEmail, domain.RolePractitioner, false)
	seed(u)
	// All clients sign in from 127.0.0.1; the per-IP sign-in limiter (burst 20)
	// would refuse the 21st, so this instance gets a roomier one.
	in.Deps.Accounts.IPLimiter = auth.NewLimiter(1000, clients*2)
	f := &fixture{bearer: http.Header{"Authorization": {"Bearer " + in.Token(t, benchEmail)}}}
	for range clients {
		c := NewClient(clients, 30*time.Second)
		signIn(t, c, in.URL)
		f.clients = append(f.clients, c)
	}
	return f
}

func seedCases(t *testing.T, in *apptest.Instance, u *domain.User, n int) {
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				errs <- createCase(in, u, i)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("seed cases: %v", err)
		}
	}
}

func createCase(in *apptest.Instance, u *domain.User, i int) error {
	_, err := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: u}, casework.Input{
		Reference: fmt.Sprintf("LOAD-%04d", i), Focus: "Attunement in shared play at home",
		Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}, {Role: "child", Name: "Sam", BirthDate: "2021-05-04"}},
	})
	return err
}

func signIn(t *testing.T, c *http.Client, base string) {
	form := url.Values{"email": {benchEmail}, "password": {apptest.Password}}
	resp, err := c.Post(base+"/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign in: status %d to %q, want 303 to /", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// checkPages makes sure the measured pages show the seeded cases, so a fast
// but empty (or signed-out) page cannot pass for a result.
func (f *fixture) checkPages(t *testing.T, base string) {
	for _, r := range routes[1:] {
		h := http.Header{}
		if r.api {
			h = f.bearer
		}
		body := getBody(t, f.clients[0], base+r.path, h)
		if n := strings.Count(body, "LOAD-"); n < 50 { // a page holds 50 (casework.CaseloadPage)
			t.Fatalf("%s shows %d seeded case references, want at least 50", r.name, n)
		}
	}
}

func getBody(t *testing.T, c *http.Client, url string, h http.Header) string {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header = h
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, %v", url, resp.StatusCode, err)
	}
	return string(b)
}
