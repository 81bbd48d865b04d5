package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"testing"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		plain, hash, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.Strict().DecodeString(plain)
		if len(plain) != 43 || err != nil || len(raw) != 32 {
			t.Fatalf("token %q: %d chars, %d bytes, %v; want 43 chars of base64url, 32 bytes", plain, len(plain), len(raw), err)
		}
		sum := sha256.Sum256([]byte(plain))
		if hash != hex.EncodeToString(sum[:]) || hash != HashToken(plain) {
			t.Fatalf("hash %q is not SHA-256 hex of %q", hash, plain)
		}
		if seen[plain] {
			t.Fatalf("token %q repeated", plain)
		}
		seen[plain] = true
	}
}

func TestHashToken(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		if got := HashToken(tt.in); got != tt.want {
			t.Errorf("HashToken(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNewID(t *testing.T) {
	shape := regexp.MustCompile(`^[a-z2-7]{26}$`)
	seen := map[string]bool{}
	for range 100 {
		id := NewID()
		if !shape.MatchString(id) || seen[id] {
			t.Fatalf("id %q malformed or repeated", id)
		}
		seen[id] = true
	}
}
