package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// blindIndexPurpose names the derived key of blind indexes; a new purpose
// string rotates it.
const blindIndexPurpose = "blind index v1"

// BlindIndex is a keyed hash (HMAC-SHA256 with a key derived from the first
// master key, so it survives rotation) of a value that is sealed in the
// database but must be looked up, such as a family member's e-mail address
// at sign-in. Equal values give equal indexes; without the master key the
// index reveals nothing about the value. The purpose separates columns.
func (kr *KeyRing) BlindIndex(purpose, value string) string {
	mac := hmac.New(sha256.New, kr.Derive(blindIndexPurpose))
	mac.Write([]byte(purpose))
	mac.Write([]byte{0})
	mac.Write([]byte(value))
	return "b1." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
