package accounts_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

// Wrong passwords for an address with no account are answered exactly as
// for one that has an account: the same errors, the lock after the same
// number of tries, for the same time. Nobody learns who has an account.
func TestUnknownAddressAnswersLikeAnAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c, _ := setup(t, db)
		answer := func(ip, email string) [2]string {
			_, _, err := s.Login(ctx, ip, email, "wrong password")
			return [2]string{domain.ErrorCode(err), domain.ErrorMessage(err)}
		}
		sawLock := false
		for i := range s.Lockout.Free + 4 {
			known, unknown := answer("192.0.2.1", "ada@example.org"), answer("192.0.2.2", "nobody@example.org")
			if known != unknown {
				t.Fatalf("attempt %d: an account answers %q, an unknown address %q", i+1, known, unknown)
			}
			sawLock = sawLock || known[0] == domain.ETOOMANY
		}
		if !sawLock {
			t.Fatal("no lock after many wrong passwords")
		}
		c.t = c.t.Add(2 * time.Hour)
		if known, unknown := answer("192.0.2.1", "ADA@example.org "), answer("192.0.2.2", " Nobody@Example.org"); known != unknown || known[0] != domain.EUNAUTHORIZED {
			t.Fatalf("after the lock ends: an account answers %q, an unknown address %q", known, unknown)
		}
		if known, unknown := answer("192.0.2.1", "ada@example.org"), answer("192.0.2.2", "nobody@example.org"); known != unknown || known[0] != domain.ETOOMANY {
			t.Fatalf("the next wrong password locks again, longer: an account answers %q, an unknown address %q", known, unknown)
		}
	})
}

// BenchmarkWrongPassword measures a wrong password for an account and for
// an address with none, before the lock, alternating in the same run; the
// ratio unknown/known should stay near 1. ATTUNE_BENCH=1 runs it.
func BenchmarkWrongPassword(b *testing.B) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		b.Skip("set ATTUNE_BENCH=1 (make bench) to run it")
	}
	db := storetest.SQLite(b)
	kr, _, err := vault.LoadOrCreateKeyFile(filepath.Join(b.TempDir(), "master.key"))
	if err != nil {
		b.Fatal(err)
	}
	s := accounts.New(db, kr)
	link, _ := s.SetupLink(ctx)
	if _, err := s.CompleteSetup(ctx, "127.0.0.1", link, accounts.NewUser{Name: "Ada", Email: "ada@example.org", Password: pw}); err != nil {
		b.Fatal(err)
	}
	s.Lockout.Free = 1 << 30 // measure the unlocked path every time
	var known, unknown time.Duration
	for i := 0; b.Loop(); i++ {
		ip := fmt.Sprintf("192.0.2.%d", i%200)
		start := time.Now()
		s.Login(ctx, ip, "ada@example.org", "wrong")
		known += time.Since(start)
		start = time.Now()
		s.Login(ctx, ip, fmt.Sprintf("nobody%d@example.org", i%50), "wrong")
		unknown += time.Since(start)
	}
	b.ReportMetric(float64(unknown)/float64(known), "unknown/known")
}
