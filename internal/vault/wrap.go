package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
)

// FileKey is the random key of one stored file. It never leaves memory
// unwrapped; store the output of KeyRing.Wrap instead.
type FileKey [32]byte

// NewFileKey returns a fresh random file key.
func NewFileKey() FileKey {
	var k FileKey
	copy(k[:], randomBytes(len(k)))
	return k
}

// Wrapped key format v1:
//
//	version (1 byte, = 1) | id length (1 byte) | key id | nonce (12) | AES-256-GCM(file key) + tag (48)
//
// The version byte and key id are the additional data. The wrapping key is
// derived from the master key with HKDF-SHA256 so that the master key itself
// is never used directly as a cipher key.
//
// Wrapped key format v2 (case-wrapped, casekeys.go), the same framing with
// the id of a case key (KEK) in place of a master key id:
//
//	version (1 byte, = 2) | id length (1 byte) | case key id | nonce (12) | AES-256-GCM(file key) + tag (48)
//
// The wrapping key is derived from the case key with HKDF-SHA256. Keys in
// format v1 keep unwrapping with the master key (and the shred list).
const (
	wrapVersion     = 1
	wrapVersionCase = 2
	wrapNonceLen    = 12
	wrapInfo        = "attune-vault wrap v1"
	wrapInfoCase    = "attune-vault case wrap v2"
)

// Wrap encrypts fk under the active master key. The result names that key,
// so Unwrap still works after later rotations while the key stays in the ring.
func (kr *KeyRing) Wrap(fk FileKey) ([]byte, error) {
	kr.mu.RLock()
	mk := kr.keys[len(kr.keys)-1]
	kr.mu.RUnlock()
	return seal(wrapVersion, mk.id, mk.key, wrapInfo, fk)
}

// WrapFor encrypts fk under the case key of scope (creating that key on
// first use), so that destroying the case key erases the file for good even
// in old database backups. Without a case key folder (UseCaseKeys) it is
// Wrap.
func (kr *KeyRing) WrapFor(s Scope, fk FileKey) ([]byte, error) {
	ck := kr.caseKeys()
	if ck == nil {
		return kr.Wrap(fk)
	}
	id, kek, err := kr.currentKEK(ck, s)
	if err != nil {
		return nil, err
	}
	return seal(wrapVersionCase, id, kek, wrapInfoCase, fk)
}

// seal frames and encrypts fk under a key derived from secret.
func seal(version byte, id string, secret []byte, info string, fk FileKey) ([]byte, error) {
	aead, err := deriveAEAD(secret, info)
	if err != nil {
		return nil, err
	}
	ad := append([]byte{version, byte(len(id))}, id...)
	nonce := randomBytes(wrapNonceLen)
	out := append(append([]byte{}, ad...), nonce...)
	return aead.Seal(out, nonce, fk[:], ad), nil
}

// Unwrap recovers a file key made by Wrap or WrapFor. It returns
// ErrUnknownKey if the master key it names is gone, ErrCorrupt if the blob
// fails to verify, ErrShredded if an erasure put the key on the ring's shred
// list, ErrErased if an erasure destroyed its case key, and
// ErrCaseKeyMissing if the case key folder does not hold its case key.
func (kr *KeyRing) Unwrap(wrapped []byte) (FileKey, error) {
	fk, err := kr.unwrap(wrapped)
	if err == nil {
		err = kr.checkShredded(fk)
	}
	return fk, err
}

func (kr *KeyRing) unwrap(wrapped []byte) (FileKey, error) {
	var fk FileKey
	v, id, ad, rest, err := splitWrapped(wrapped)
	if err != nil {
		return fk, err
	}
	if v == wrapVersionCase {
		return kr.unwrapCase(id, ad, rest)
	}
	kr.mu.RLock()
	mk := kr.find(id)
	kr.mu.RUnlock()
	if mk == nil {
		return fk, fmt.Errorf("%w (key id %q)", ErrUnknownKey, id)
	}
	aead, err := wrapAEAD(mk.key)
	if err != nil {
		return fk, err
	}
	return openWrapped(aead, id, ad, rest)
}

// unwrapCase opens a file key wrapped with the case key id.
func (kr *KeyRing) unwrapCase(id string, ad, rest []byte) (FileKey, error) {
	ck := kr.caseKeys()
	if ck == nil {
		return FileKey{}, fmt.Errorf("%w (key %s; this attune has no case key folder)", ErrCaseKeyMissing, id)
	}
	kek, err := kr.readKEK(ck, id)
	if err != nil {
		return FileKey{}, err
	}
	aead, err := deriveAEAD(kek, wrapInfoCase)
	if err != nil {
		return FileKey{}, err
	}
	return openWrapped(aead, id, ad, rest)
}

func openWrapped(aead cipher.AEAD, id string, ad, rest []byte) (FileKey, error) {
	var fk FileKey
	plain, err := aead.Open(nil, rest[:wrapNonceLen], rest[wrapNonceLen:], ad)
	if err != nil || len(plain) != len(fk) {
		return fk, fmt.Errorf("%w: wrapped file key under key %q failed to verify", ErrCorrupt, id)
	}
	copy(fk[:], plain)
	return fk, nil
}

// Rewrap unwraps a key and wraps it again under the active master key.
// After every wrapped key is rewrapped, older master keys can be removed.
// A case-wrapped key is checked and returned as it is: its case key is
// re-sealed instead (RotateCaseKeys).
func (kr *KeyRing) Rewrap(wrapped []byte) ([]byte, error) {
	fk, err := kr.Unwrap(wrapped)
	if err != nil {
		return nil, err
	}
	if v, _, _, _, _ := splitWrapped(wrapped); v == wrapVersionCase {
		return wrapped, nil
	}
	return kr.Wrap(fk)
}

// WrappedKeyID returns the id of the master key a wrapped key was made with
// (for a case-wrapped key: the id of its case key), so rotation can find
// what still needs rewrapping.
func WrappedKeyID(wrapped []byte) (string, error) {
	_, id, _, _, err := splitWrapped(wrapped)
	return id, err
}

// IsCaseWrapped reports whether a wrapped key was made by WrapFor.
func IsCaseWrapped(wrapped []byte) bool {
	v, _, _, _, err := splitWrapped(wrapped)
	return err == nil && v == wrapVersionCase
}

// splitWrapped parses the framing of a wrapped key.
func splitWrapped(w []byte) (version byte, id string, ad, rest []byte, err error) {
	if len(w) < 2 || (w[0] != wrapVersion && w[0] != wrapVersionCase) {
		return 0, "", nil, nil, fmt.Errorf("%w: wrapped key has an unknown format version", ErrCorrupt)
	}
	idEnd := 2 + int(w[1])
	if len(w) != idEnd+wrapNonceLen+len(FileKey{})+16 {
		return 0, "", nil, nil, fmt.Errorf("%w: wrapped key has the wrong length (%d bytes)", ErrCorrupt, len(w))
	}
	return w[0], string(w[2:idEnd]), w[:idEnd], w[idEnd:], nil
}

// wrapAEAD returns AES-256-GCM keyed from a master key.
func wrapAEAD(master []byte) (cipher.AEAD, error) { return deriveAEAD(master, wrapInfo) }

// deriveAEAD returns AES-256-GCM keyed with HKDF-SHA256(secret, info).
func deriveAEAD(secret []byte, info string) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, secret, nil, info, 32)
	if err != nil {
		return nil, fmt.Errorf("vault: deriving wrapping key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("vault: wrapping cipher: %w", err)
	}
	return cipher.NewGCM(block)
}
