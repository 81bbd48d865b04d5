package vault

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Sealed field format v1, for short secrets kept in the database (TOTP
// secrets now; names and notes later):
//
//	"v1." + base64url( id length (1) | key id | nonce (12) | AES-256-GCM(plain) )
//
// The additional data binds the format, the key id and a caller-chosen purpose
// ("totp", "case.name", ...), so a sealed value copied into another column
// fails to open.
const fieldPrefix = "v1."

// SealField encrypts a short text under the active master key.
func (kr *KeyRing) SealField(purpose, plain string) (string, error) {
	kr.mu.RLock()
	mk := kr.keys[len(kr.keys)-1]
	kr.mu.RUnlock()
	aead, err := wrapAEAD(mk.key)
	if err != nil {
		return "", err
	}
	head := append([]byte{byte(len(mk.id))}, mk.id...)
	nonce := randomBytes(wrapNonceLen)
	out := append(append([]byte{}, head...), nonce...)
	out = aead.Seal(out, nonce, []byte(plain), fieldAD(head, purpose))
	return fieldPrefix + base64.RawURLEncoding.EncodeToString(out), nil
}

// OpenField decrypts a value made by SealField (or SealCaseField) with the
// same purpose.
func (kr *KeyRing) OpenField(purpose, sealed string) (string, error) {
	if strings.HasPrefix(sealed, caseFieldPrefix) {
		return kr.openCaseField(purpose, sealed)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, fieldPrefix))
	if !strings.HasPrefix(sealed, fieldPrefix) || err != nil || len(raw) < 1 || len(raw) < 1+int(raw[0])+wrapNonceLen+16 {
		return "", fmt.Errorf("%w: sealed field is malformed", ErrCorrupt)
	}
	idEnd := 1 + int(raw[0])
	id := string(raw[1:idEnd])
	kr.mu.RLock()
	mk := kr.find(id)
	kr.mu.RUnlock()
	if mk == nil {
		return "", fmt.Errorf("%w (key id %q)", ErrUnknownKey, id)
	}
	aead, err := wrapAEAD(mk.key)
	if err != nil {
		return "", err
	}
	plain, err := aead.Open(nil, raw[idEnd:idEnd+wrapNonceLen], raw[idEnd+wrapNonceLen:], fieldAD(raw[:idEnd], purpose))
	if err != nil {
		return "", fmt.Errorf("%w: sealed field failed to verify", ErrCorrupt)
	}
	return string(plain), nil
}

func fieldAD(head []byte, purpose string) []byte {
	return append(append([]byte(fieldPrefix), head...), purpose...)
}
