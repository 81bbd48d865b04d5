package auth

import (
	"regexp"
	"strings"
	"testing"
)

var recoveryCodeShape = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$`)

func TestNewRecoveryCodes(t *testing.T) {
	plain, hashes, err := NewRecoveryCodes(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) != 10 || len(hashes) != 10 {
		t.Fatalf("got %d codes and %d hashes; want 10 and 10", len(plain), len(hashes))
	}
	seen := map[string]bool{}
	for i, code := range plain {
		if !recoveryCodeShape.MatchString(code) {
			t.Errorf("code %q does not look like k7m2-p9xq-4hdt", code)
		}
		if seen[code] {
			t.Errorf("code %q repeated", code)
		}
		seen[code] = true
		if hashes[i] != HashRecoveryCode(code) {
			t.Errorf("hash %d does not match code %q", i, code)
		}
	}
}

func TestNewRecoveryCodesCount(t *testing.T) {
	for _, n := range []int{0, -1, 101} {
		if _, _, err := NewRecoveryCodes(n); err == nil {
			t.Errorf("NewRecoveryCodes(%d) gave no error", n)
		}
	}
}

func TestHashRecoveryCode(t *testing.T) {
	want := HashRecoveryCode("k7m2-p9xq-4hd0")
	if len(want) != 64 {
		t.Fatalf("hash %q is not SHA-256 hex", want)
	}
	tests := []struct {
		typed string
		same  bool
	}{
		{"k7m2-p9xq-4hd0", true},
		{"k7m2p9xq4hd0", true},
		{"K7M2-P9XQ-4HD0", true},
		{" k7m2 p9xq 4hd0 ", true},
		{"k7m2-p9xq-4hdo", true}, // letter o read as zero
		{"k7m2-p9xq-4hd1", false},
		{"k7m2-p9xq-4hd", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := HashRecoveryCode(tt.typed) == want; got != tt.same {
			t.Errorf("HashRecoveryCode(%q) matches: %v; want %v", tt.typed, got, tt.same)
		}
	}
}

func TestRecoveryAlphabet(t *testing.T) {
	if len(recoveryAlphabet) != 32 || strings.ContainsAny(recoveryAlphabet, "ilou") {
		t.Errorf("alphabet %q must have 32 characters without i, l, o, u", recoveryAlphabet)
	}
}
