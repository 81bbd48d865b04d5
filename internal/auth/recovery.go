package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// recoveryAlphabet is Crockford's base32, lowercase: no i, l, o or u.
const recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

const (
	recoveryGroups   = 3
	recoveryGroupLen = 4 // 12 characters × 5 bits = 60 bits
	maxRecoveryCodes = 100
)

// recoveryFixer normalises a typed code: case, spaces, dashes, and the
// letters people confuse with digits (o→0, i and l→1).
var recoveryFixer = strings.NewReplacer(" ", "", "-", "", "\t", "", "o", "0", "i", "1", "l", "1")

// NewRecoveryCodes makes n distinct one-time codes like "k7m2-p9xq-4hdt"
// (60 random bits each) and their hashes (HashRecoveryCode) to store.
func NewRecoveryCodes(n int) (plain []string, hashes []string, err error) {
	if n < 1 || n > maxRecoveryCodes {
		return nil, nil, fmt.Errorf("recovery codes: count %d out of range 1..%d", n, maxRecoveryCodes)
	}
	seen := make(map[string]bool, n)
	for len(plain) < n {
		code, err := newRecoveryCode()
		if err != nil {
			return nil, nil, err
		}
		if h := HashRecoveryCode(code); !seen[h] {
			seen[h] = true
			plain, hashes = append(plain, code), append(hashes, h)
		}
	}
	return plain, hashes, nil
}

func newRecoveryCode() (string, error) {
	raw := make([]byte, recoveryGroups*recoveryGroupLen)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("recovery codes: read random: %w", err)
	}
	var b strings.Builder
	for i, r := range raw {
		if i > 0 && i%recoveryGroupLen == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(recoveryAlphabet[r&31]) // 256 is a multiple of 32: uniform
	}
	return b.String(), nil
}

// HashRecoveryCode returns the SHA-256 hex of the normalised code: lowercase,
// without spaces or dashes, o read as 0 and i or l as 1.
func HashRecoveryCode(code string) string {
	sum := sha256.Sum256([]byte(recoveryFixer.Replace(strings.ToLower(code))))
	return hex.EncodeToString(sum[:])
}
