package vault

import (
	"crypto/cipher"
	"encoding/base64"
	"fmt"
	"strings"
)

// Sealed field format v2, for a case's sensitive text, sealed with the
// case's records key (casekeys.go) instead of a master key, so that erasing
// the case makes the text unreadable in old database backups too:
//
//	"v2." + base64url( id length (1) | case key id | nonce (12) | AES-256-GCM(plain) )
//
// The additional data binds the format, the case key id and the purpose.
const caseFieldPrefix = "v2."

const caseFieldInfo = "attune-vault case field v2"

// caseFieldKey is a case key ready to seal or open fields with.
type caseFieldKey struct {
	id   string
	aead cipher.AEAD
}

// SealCaseField encrypts a short text of a case with the case's records
// key, creating that key on first use. Without a case key folder it is
// SealField.
func (kr *KeyRing) SealCaseField(caseID, purpose, plain string) (string, error) {
	if kr.caseKeys() == nil {
		return kr.SealField(purpose, plain)
	}
	k, err := kr.currentCaseFieldKey(caseID)
	if err != nil {
		return "", err
	}
	return k.seal(purpose, plain), nil
}

// currentCaseFieldKey is the case's live records key (made on first use).
func (kr *KeyRing) currentCaseFieldKey(caseID string) (caseFieldKey, error) {
	id, kek, err := kr.currentKEK(kr.caseKeys(), Scope{CaseID: caseID, Purpose: PurposeRecords})
	if err != nil {
		return caseFieldKey{}, err
	}
	aead, err := deriveAEAD(kek, caseFieldInfo)
	return caseFieldKey{id: id, aead: aead}, err
}

// caseFieldKeyByID reads a case key by its id; ErrErased once destroyed.
func (kr *KeyRing) caseFieldKeyByID(id string) (caseFieldKey, error) {
	ck := kr.caseKeys()
	if ck == nil {
		return caseFieldKey{}, fmt.Errorf("%w (key %s; this attune has no case key folder)", ErrCaseKeyMissing, id)
	}
	kek, err := kr.readKEK(ck, id)
	if err != nil {
		return caseFieldKey{}, err
	}
	aead, err := deriveAEAD(kek, caseFieldInfo)
	return caseFieldKey{id: id, aead: aead}, err
}

func (k caseFieldKey) seal(purpose, plain string) string {
	head := append([]byte{byte(len(k.id))}, k.id...)
	nonce := randomBytes(wrapNonceLen)
	out := append(append([]byte{}, head...), nonce...)
	out = k.aead.Seal(out, nonce, []byte(plain), caseFieldAD(head, purpose))
	return caseFieldPrefix + base64.RawURLEncoding.EncodeToString(out)
}

// parseCaseField splits a sealed value into its key id and the rest.
func parseCaseField(sealed string) (id string, raw []byte, idEnd int, err error) {
	raw, err = base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, caseFieldPrefix))
	if err != nil || len(raw) < 1 || len(raw) < 1+int(raw[0])+wrapNonceLen+16 {
		return "", nil, 0, fmt.Errorf("%w: sealed field is malformed", ErrCorrupt)
	}
	idEnd = 1 + int(raw[0])
	if id = string(raw[1:idEnd]); !isCaseKeyID(id) {
		// Plain text that merely looks like a sealed value.
		return "", nil, 0, fmt.Errorf("%w: sealed field is malformed (no case key id)", ErrCorrupt)
	}
	return id, raw, idEnd, nil
}

func (k caseFieldKey) open(purpose string, raw []byte, idEnd int) (string, error) {
	plain, err := k.aead.Open(nil, raw[idEnd:idEnd+wrapNonceLen], raw[idEnd+wrapNonceLen:], caseFieldAD(raw[:idEnd], purpose))
	if err != nil {
		return "", fmt.Errorf("%w: sealed field failed to verify", ErrCorrupt)
	}
	return string(plain), nil
}

// openCaseField decrypts a value made by SealCaseField; ErrErased once the
// case's records key is destroyed.
func (kr *KeyRing) openCaseField(purpose, sealed string) (string, error) {
	id, raw, idEnd, err := parseCaseField(sealed)
	if err != nil {
		return "", err
	}
	k, err := kr.caseFieldKeyByID(id)
	if err != nil {
		return "", err
	}
	return k.open(purpose, raw, idEnd)
}

func caseFieldAD(head []byte, purpose string) []byte {
	return append(append([]byte(caseFieldPrefix), head...), purpose...)
}
