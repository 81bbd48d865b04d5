package vault

import (
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

// SealCaseField encrypts a short text of a case with the case's records
// key, creating that key on first use. Without a case key folder it is
// SealField.
func (kr *KeyRing) SealCaseField(caseID, purpose, plain string) (string, error) {
	ck := kr.caseKeys()
	if ck == nil {
		return kr.SealField(purpose, plain)
	}
	id, kek, err := kr.currentKEK(ck, Scope{CaseID: caseID, Purpose: PurposeRecords})
	if err != nil {
		return "", err
	}
	aead, err := deriveAEAD(kek, caseFieldInfo)
	if err != nil {
		return "", err
	}
	head := append([]byte{byte(len(id))}, id...)
	nonce := randomBytes(wrapNonceLen)
	out := append(append([]byte{}, head...), nonce...)
	out = aead.Seal(out, nonce, []byte(plain), caseFieldAD(head, purpose))
	return caseFieldPrefix + base64.RawURLEncoding.EncodeToString(out), nil
}

// openCaseField decrypts a value made by SealCaseField; ErrErased once the
// case's records key is destroyed.
func (kr *KeyRing) openCaseField(purpose, sealed string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, caseFieldPrefix))
	if err != nil || len(raw) < 1 || len(raw) < 1+int(raw[0])+wrapNonceLen+16 {
		return "", fmt.Errorf("%w: sealed field is malformed", ErrCorrupt)
	}
	idEnd := 1 + int(raw[0])
	id := string(raw[1:idEnd])
	ck := kr.caseKeys()
	if ck == nil {
		return "", fmt.Errorf("%w (key %s; this attune has no case key folder)", ErrCaseKeyMissing, id)
	}
	kek, err := kr.readKEK(ck, id)
	if err != nil {
		return "", err
	}
	aead, err := deriveAEAD(kek, caseFieldInfo)
	if err != nil {
		return "", err
	}
	plain, err := aead.Open(nil, raw[idEnd:idEnd+wrapNonceLen], raw[idEnd+wrapNonceLen:], caseFieldAD(raw[:idEnd], purpose))
	if err != nil {
		return "", fmt.Errorf("%w: sealed field failed to verify", ErrCorrupt)
	}
	return string(plain), nil
}

func caseFieldAD(head []byte, purpose string) []byte {
	return append(append([]byte(caseFieldPrefix), head...), purpose...)
}
