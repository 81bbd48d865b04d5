package sso

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/vault"
)

// A pending sign-in comes back only sealed by this key ring, with its own
// state, before it expires.
func TestPendingCookie(t *testing.T) {
	kr, _, err := vault.LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	other, _, _ := vault.LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "master.key"))
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	p := NewPending("/cases/1", now)
	sealed, err := p.Seal(kr)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, p.Nonce) || strings.Contains(sealed, "/cases/1") {
		t.Fatal("the cookie shows what it holds")
	}
	got, err := OpenPending(kr, sealed, p.State, now.Add(time.Minute))
	if err != nil || got.Nonce != p.Nonce || got.Verifier != p.Verifier || got.Next != "/cases/1" {
		t.Fatalf("open: %+v %v", got, err)
	}
	for name, tc := range map[string]struct {
		kr     Sealer
		sealed string
		state  string
		at     time.Time
	}{
		"another state":    {kr, sealed, p.State + "x", now},
		"expired":          {kr, sealed, p.State, now.Add(PendingLifetime + time.Second)},
		"another key ring": {other, sealed, p.State, now},
		"tampered":         {kr, sealed[:len(sealed)-2] + "AA", p.State, now},
		"no cookie":        {kr, "", p.State, now},
		"empty state":      {kr, sealed, "", now},
	} {
		if _, err := OpenPending(tc.kr, tc.sealed, tc.state, tc.at); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
	if q := NewPending("/", now); q.State == p.State || q.Nonce == p.Nonce || len(q.Verifier) < 43 {
		t.Errorf("two pending sign-ins share secrets, or the verifier is short: %+v %+v", p, q)
	}
}
