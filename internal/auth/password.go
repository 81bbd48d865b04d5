package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// DummyHash is a valid hash at the current parameters of a random password
// nobody knows. Verify against it when the email is unknown, so that a login
// for a missing account takes as long as one for an existing account.
// TestDummyHashUsesCurrentParams fails if currentParams change without it.
var DummyHash = "$argon2id$v=19$m=65536,t=3,p=2$" +
	"0MR0ZFasQSWrUe0RJ15F+w$zDBYPzkOa5fLyNJmNxehVoXixEVTLAqdF8ub0Ff1jMQ"

// HashPassword hashes pw with argon2id at the current parameters and returns
// a PHC string: $argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	return hashWith(pw, currentParams)
}

func hashWith(pw string, p argonParams) (string, error) {
	salt := make([]byte, p.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: read random salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(p.keyLen))
	return phcHash{params: p, salt: salt, key: key}.String(), nil
}

// VerifyPassword reports whether pw matches the PHC string encoded, comparing
// in constant time. needsRehash is true only when ok is true and the hash was
// made with other parameters than HashPassword uses now: store a new hash.
// err is non-nil only when encoded cannot be parsed.
func VerifyPassword(encoded, pw string) (ok bool, needsRehash bool, err error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	p := h.params
	key := argon2.IDKey([]byte(pw), h.salt, p.time, p.memory, p.threads, uint32(len(h.key)))
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	return true, p != currentParams, nil
}
