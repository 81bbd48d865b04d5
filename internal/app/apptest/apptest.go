// Package apptest starts a whole attune (web, API, real database) inside a
// test, on 127.0.0.1, for end-to-end, access-matrix, browser and load tests.
package apptest

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Instance is a running attune.
type Instance struct {
	URL    string
	Deps   *app.Deps
	Server *server.Server
}

// Start runs attune on SQLite (databaseURL "") or on the PostgreSQL URL given.
func Start(t testing.TB, databaseURL string) *Instance {
	t.Helper()
	return StartWith(t, databaseURL, nil)
}

// StartWith is Start with settings changed by configure (which may be nil)
// before the web handler is built. The address is chosen first, so the
// public URL is right from the start.
func StartWith(t testing.TB, databaseURL string, configure func(*config.Config)) *Instance {
	t.Helper()
	deps, err := app.OpenForTest(context.Background(), t.TempDir(), databaseURL, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(deps.Close)
	if err := deps.StartJobs(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deps.Cfg.PublicURL = "http://" + ln.Addr().String()
	if configure != nil {
		configure(deps.Cfg)
	}
	srv, h, err := app.Handler(deps)
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	ts := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	ts.Start()
	t.Cleanup(ts.Close)
	return &Instance{URL: ts.URL, Deps: deps, Server: srv}
}

// StartEach runs fn against attune on SQLite and on PostgreSQL.
func StartEach(t *testing.T, fn func(t *testing.T, in *Instance)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, Start(t, "")) })
	t.Run("postgres", func(t *testing.T) {
		url, _ := storetest.NewPostgresDatabase(t)
		fn(t, Start(t, url))
	})
}

// Password is the password every test account gets.
const Password = "correct horse battery staple"

// User adds an account with Password. With mfa, it also enrols a TOTP secret
// and returns it; without, the account needs no second factor.
func (in *Instance) User(t testing.TB, email string, role domain.Role, mfa bool) (*domain.User, string) {
	t.Helper()
	ctx := context.Background()
	u := &domain.User{ID: auth.NewID(), Email: email, Name: nameOf(email), Role: role, PasswordHash: passwordHash(t)}
	secret := ""
	var err error
	if mfa {
		secret, _, err = auth.NewTOTP("attune", email)
		if err != nil {
			t.Fatal(err)
		}
	}
	u.MFARequired = mfa
	if mfa {
		if u.TOTPSecret, err = in.Deps.Keys.SealField(accounts.TOTPPurpose, secret); err != nil {
			t.Fatal(err)
		}
	}
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	return u, secret
}

// Token makes an API bearer token for an account.
func (in *Instance) Token(t testing.TB, email string) string {
	t.Helper()
	tok, err := in.Deps.Accounts.CreateToken(context.Background(), email, "test")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

var hashOnce = sync.OnceValues(func() (string, error) { return auth.HashPassword(Password) })

// passwordHash hashes Password once per test binary: argon2id is slow on purpose.
func passwordHash(t testing.TB) string {
	h, err := hashOnce()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func nameOf(email string) string {
	for i, r := range email {
		if r == '@' {
			return string([]rune(email[:1])[0]-32) + email[1:i]
		}
	}
	return email
}

// ReadyRecording adds a recording to a case with small encrypted files of
// every kind, as if it had been uploaded and processed, for tests of access
// and serving (not of video processing).
func (in *Instance) ReadyRecording(t testing.TB, a accounts.Actor, caseID string) *domain.Recording {
	t.Helper()
	ctx := context.Background()
	in.FilmingConsent(t, a, caseID)
	r, err := in.Deps.Recordings.Create(ctx, a, caseID, "film.mp4", 4096)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{domain.FilePlayback, domain.FileFrames, domain.FilePoster, domain.FileStoryboard, domain.FileStoryboardIndex, domain.FileWaveform} {
		body := strings.Repeat(kind, 1000)
		if _, err := in.Deps.Recordings.StoreFile(ctx, r.ID, kind, "", strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
	}
	r.Status, r.Progress, r.UploadKey = domain.RecordingReady, 1, nil
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.UpdateRecording(ctx, r) }); err != nil {
		t.Fatal(err)
	}
	return r
}
