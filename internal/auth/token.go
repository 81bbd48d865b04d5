package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

const tokenBytes = 32 // 256 bits

var idEncoding = base32.NewEncoding(strings.ToLower("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")).WithPadding(base32.NoPadding)

// NewToken makes a random secret (32 bytes, base64url without padding, 43
// characters) for session ids, API tokens and setup or reset links, and the
// hash to store in its place.
func NewToken() (plain string, hash string, err error) {
	raw := make([]byte, tokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", "", fmt.Errorf("new token: read random: %w", err)
	}
	plain = base64.RawURLEncoding.EncodeToString(raw)
	return plain, HashToken(plain), nil
}

// HashToken returns the SHA-256 hex of a token as presented by a client.
func HashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// NewID returns an opaque record id: 16 random bytes in lowercase base32
// without padding (26 characters). It panics only if crypto/rand fails.
func NewID() string {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		panic("auth.NewID: crypto/rand failed: " + err.Error())
	}
	return idEncoding.EncodeToString(raw)
}
