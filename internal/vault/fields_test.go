package vault

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealedFields(t *testing.T) {
	kr, _, err := LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "k"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := kr.SealField("totp", "JBSWY3DPEHPK3PXP")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := kr.SealField("totp", "JBSWY3DPEHPK3PXP")
	if a == b || strings.Contains(a, "JBSWY3DP") {
		t.Fatalf("sealing is not randomised or leaks the plaintext: %q %q", a, b)
	}
	if got, err := kr.OpenField("totp", a); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := kr.AddKey(); err != nil {
		t.Fatal(err)
	}
	if got, err := kr.OpenField("totp", a); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open after rotation: %q %v", got, err)
	}
	flipped := []byte(a)
	flipped[len(flipped)-3] ^= 1
	for name, c := range map[string]struct{ purpose, sealed string }{
		"other purpose": {"case.name", a},
		"bit flipped":   {"totp", string(flipped)},
		"not sealed":    {"totp", "JBSWY3DPEHPK3PXP"},
		"truncated":     {"totp", a[:10]},
		"empty":         {"totp", ""},
	} {
		if _, err := kr.OpenField(c.purpose, c.sealed); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", name, err)
		}
	}
}
