package auth

import (
	"crypto/sha256"
	"crypto/subtle"
)

// SameSecret tells whether a presented secret (a bearer token from the
// configuration, such as the metrics token) equals the expected one, in time
// that does not depend on where they differ or on their lengths.
func SameSecret(presented, expected string) bool {
	a, b := sha256.Sum256([]byte(presented)), sha256.Sum256([]byte(expected))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1 && expected != ""
}
