package accounts_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

var ctx = context.Background()

const pw = "a long enough password"

func keys(t *testing.T) *vault.KeyRing {
	kr, _, err := vault.LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

// clock is a settable time for the service.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T, db *store.DB) (*accounts.Service, *clock, accounts.Actor) {
	c := &clock{t: time.Now()}
	s := accounts.New(db, keys(t))
	s.Now = c.now
	link, err := s.SetupLink(ctx)
	if err != nil || link == "" {
		t.Fatalf("setup link: %q %v", link, err)
	}
	a, err := s.CompleteSetup(ctx, "127.0.0.1", link, accounts.NewUser{Name: "Ada Admin", Email: "ada@example.org", Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.SetupLink(ctx); again != "" {
		t.Fatal("a second setup link was made after the first administrator existed")
	}
	return s, c, accounts.Actor{User: a, IP: "127.0.0.1"}
}

func TestSetupLinkWorksOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := accounts.New(db, keys(t))
		link, _ := s.SetupLink(ctx)
		n := accounts.NewUser{Name: "A", Email: "a@example.org", Password: pw}
		if _, err := s.CompleteSetup(ctx, "", link, n); err != nil {
			t.Fatal(err)
		}
		n.Email = "b@example.org"
		if _, err := s.CompleteSetup(ctx, "", link, n); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("second use of the setup link: %v", err)
		}
	})
}

// TestSetupLinkEndsWhenAnAccountExists: a setup link printed at start-up
// no longer creates an administrator once an account was made another way
// (`attune user add`), neither on its page nor when used.
func TestSetupLinkEndsWhenAnAccountExists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := accounts.New(db, keys(t))
		link, err := s.SetupLink(ctx)
		if err != nil || link == "" {
			t.Fatalf("setup link: %q %v", link, err)
		}
		if _, _, err := s.CreateUserCLI(ctx, accounts.NewUser{Name: "Ann", Email: "ann@example.org", Role: "practitioner", Password: pw}); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckLink(ctx, link, domain.LinkSetup); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("the setup page after user add: %v", err)
		}
		_, err = s.CompleteSetup(ctx, "", link, accounts.NewUser{Name: "Mallory", Email: "m@example.org", Password: pw})
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("setup after user add: %v, want the link refused", err)
		}
		var n int
		db.View(ctx, func(tx *store.Tx) (err error) { n, err = tx.CountUsers(ctx); return err })
		if n != 1 {
			t.Fatalf("%d accounts, want only the one user add made", n)
		}
	})
}

func TestSignInWithTOTPAndRecoveryCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c, _ := setup(t, db)
		token, sess, err := s.Login(ctx, "ip", "ADA@example.org", pw)
		if err != nil || sess.MFAPassed {
			t.Fatalf("login before enrolment: %v, mfa passed %v (an admin must enrol first)", err, sess.MFAPassed)
		}
		uri, err := s.BeginEnrol(ctx, sess)
		if err != nil {
			t.Fatal(err)
		}
		secret := strings.Split(strings.Split(uri, "secret=")[1], "&")[0]
		code, _ := auth.TOTPCode(secret, c.t)
		codes, err := s.ConfirmEnrol(ctx, sess, "ip", code)
		if err != nil || len(codes) != 10 {
			t.Fatalf("confirm enrolment: %v %d codes", err, len(codes))
		}
		stored, live, err := s.Authenticate(ctx, token)
		if err != nil || !live.MFAPassed {
			t.Fatalf("session after enrolment: %v", err)
		}
		if strings.Contains(stored.TOTPSecret, secret) || !strings.HasPrefix(stored.TOTPSecret, "v1.") {
			t.Fatalf("the TOTP secret is stored unsealed: %q", stored.TOTPSecret)
		}
		// Next sign-in: the code is asked for, a replayed code is refused.
		_, sess2, _ := s.Login(ctx, "ip", "ada@example.org", pw)
		if sess2.MFAPassed {
			t.Fatal("second sign-in skipped the second factor")
		}
		if err := s.VerifyTOTP(ctx, sess2, "ip", code); err == nil {
			t.Fatal("a replayed TOTP code was accepted")
		}
		c.t = c.t.Add(30 * time.Second)
		code2, _ := auth.TOTPCode(secret, c.t)
		if err := s.VerifyTOTP(ctx, sess2, "ip", code2); err != nil {
			t.Fatalf("fresh code: %v", err)
		}
		_, sess3, _ := s.Login(ctx, "ip", "ada@example.org", pw)
		if err := s.UseRecoveryCode(ctx, sess3, "ip", strings.ToUpper(codes[0])); err != nil {
			t.Fatalf("recovery code: %v", err)
		}
		_, sess4, _ := s.Login(ctx, "ip", "ada@example.org", pw)
		if err := s.UseRecoveryCode(ctx, sess4, "ip", codes[0]); err == nil {
			t.Fatal("a used recovery code worked twice")
		}
	})
}

func TestLockoutAfterRepeatedWrongPasswords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c, _ := setup(t, db)
		for i := range s.Lockout.Free + 1 {
			if _, _, err := s.Login(ctx, "ip", "ada@example.org", "wrong password "+string(rune('a'+i))); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
				t.Fatalf("wrong password %d: %v", i, err)
			}
		}
		_, _, err := s.Login(ctx, "ip", "ada@example.org", pw)
		if domain.ErrorCode(err) != domain.ETOOMANY || !strings.Contains(domain.ErrorMessage(err), "Try again in") {
			t.Fatalf("right password while locked: %v", err)
		}
		c.t = c.t.Add(2 * time.Hour)
		if _, _, err := s.Login(ctx, "ip", "ada@example.org", pw); err != nil {
			t.Fatalf("after the lock ends: %v", err)
		}
	})
}

func TestSessionsEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c, admin := setup(t, db)
		u, link, err := s.CreateUser(ctx, admin, accounts.NewUser{Name: "Pat", Email: "pat@example.org", Role: "practitioner"})
		if err != nil || link == "" {
			t.Fatalf("create without password must give a link: %v", err)
		}
		if _, err := s.CompleteReset(ctx, "ip", link, pw); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetMFARequired(ctx, admin, u.ID, false); err != nil {
			t.Fatal(err)
		}
		login := func() string {
			tok, sess, err := s.Login(ctx, "ip", "pat@example.org", pw)
			if err != nil || !sess.MFAPassed {
				t.Fatalf("login: %v", err)
			}
			return tok
		}
		alive := func(tok string) bool { _, _, err := s.Authenticate(ctx, tok); return err == nil }

		idle := login()
		c.t = c.t.Add(s.IdleTimeout + time.Minute)
		if alive(idle) {
			t.Error("a session survived its idle timeout")
		}
		abs := login()
		end := c.t.Add(s.AbsoluteTimeout)
		for c.t.Before(end) {
			if !alive(abs) {
				t.Fatalf("a session in use ended early, %s before its absolute timeout", end.Sub(c.t))
			}
			c.t = c.t.Add(s.IdleTimeout - time.Minute)
		}
		if alive(abs) {
			t.Error("a busy session survived its absolute timeout")
		}
		a, b := login(), login()
		if _, err := s.SetDisabled(ctx, admin, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if alive(a) || alive(b) {
			t.Error("disabling the account left a session alive")
		}
		if _, _, err := s.Login(ctx, "ip", "pat@example.org", pw); err == nil {
			t.Error("a disabled account signed in")
		}
	})
}

func TestResetAccessClearsSecondFactorAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _, admin := setup(t, db)
		tok, _, _ := s.Login(ctx, "ip", "ada@example.org", pw)
		u, _, _ := s.CreateUser(ctx, admin, accounts.NewUser{Name: "Pat", Email: "pat@example.org", Role: "supervisor", Password: pw})
		ptok, _, _ := s.Login(ctx, "ip", "pat@example.org", pw)
		r, err := s.ResetAccess(ctx, admin, u.ID)
		link := r.Link
		if err != nil || link == "" {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, ptok); err == nil {
			t.Error("reset left the old session alive")
		}
		if _, _, err := s.Login(ctx, "ip", "pat@example.org", pw); err == nil {
			t.Error("the old password still works after a reset")
		}
		if _, err := s.CompleteReset(ctx, "ip", link, "new password, long one"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CompleteReset(ctx, "ip", link, "another long password"); err == nil {
			t.Error("a reset link worked twice")
		}
		_ = tok
		if _, _, err := s.CreateUser(ctx, accounts.Actor{User: u}, accounts.NewUser{Name: "X", Email: "x@example.org", Role: "admin"}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("a supervisor created an account: %v", err)
		}
	})
}

func TestNewUserValidation(t *testing.T) {
	cases := []struct {
		in    accounts.NewUser
		field string
	}{
		{accounts.NewUser{Email: "not-an-address", Name: "A", Role: "practitioner"}, "email"},
		{accounts.NewUser{Email: "a@example.org", Name: " ", Role: "practitioner"}, "name"},
		{accounts.NewUser{Email: "a@example.org", Name: "A", Role: "boss"}, "role"},
		{accounts.NewUser{Email: "a@example.org", Name: "A", Role: "admin", Password: "short"}, "password"},
		{accounts.NewUser{Email: "a@example.org", Name: "A", Role: "Supervisor"}, ""},
	}
	for _, c := range cases {
		err := c.in.Validate()
		var field string
		if e, ok := err.(*domain.Error); ok {
			field = e.Field
		}
		if field != c.field {
			t.Errorf("%+v: error field %q (%v), want %q", c.in, field, err, c.field)
		}
	}
}
