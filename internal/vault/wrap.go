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
const (
	wrapVersion  = 1
	wrapNonceLen = 12
	wrapInfo     = "attune-vault wrap v1"
)

// Wrap encrypts fk under the active master key. The result names that key,
// so Unwrap still works after later rotations while the key stays in the ring.
func (kr *KeyRing) Wrap(fk FileKey) ([]byte, error) {
	kr.mu.RLock()
	mk := kr.keys[len(kr.keys)-1]
	kr.mu.RUnlock()
	aead, err := wrapAEAD(mk.key)
	if err != nil {
		return nil, err
	}
	ad := append([]byte{wrapVersion, byte(len(mk.id))}, mk.id...)
	nonce := randomBytes(wrapNonceLen)
	out := append(append([]byte{}, ad...), nonce...)
	return aead.Seal(out, nonce, fk[:], ad), nil
}

// Unwrap recovers a file key made by Wrap. It returns ErrUnknownKey if the
// master key it names is gone, ErrCorrupt if the blob fails to verify, and
// ErrShredded if an erasure put the key on the ring's shred list.
func (kr *KeyRing) Unwrap(wrapped []byte) (FileKey, error) {
	fk, err := kr.unwrap(wrapped)
	if err == nil {
		err = kr.checkShredded(fk)
	}
	return fk, err
}

func (kr *KeyRing) unwrap(wrapped []byte) (FileKey, error) {
	var fk FileKey
	id, ad, rest, err := splitWrapped(wrapped)
	if err != nil {
		return fk, err
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
	plain, err := aead.Open(nil, rest[:wrapNonceLen], rest[wrapNonceLen:], ad)
	if err != nil || len(plain) != len(fk) {
		return fk, fmt.Errorf("%w: wrapped file key under key %q failed to verify", ErrCorrupt, id)
	}
	copy(fk[:], plain)
	return fk, nil
}

// Rewrap unwraps a key and wraps it again under the active master key.
// After every wrapped key is rewrapped, older master keys can be removed.
func (kr *KeyRing) Rewrap(wrapped []byte) ([]byte, error) {
	fk, err := kr.Unwrap(wrapped)
	if err != nil {
		return nil, err
	}
	return kr.Wrap(fk)
}

// WrappedKeyID returns the id of the master key a wrapped key was made with,
// so rotation can find what still needs rewrapping.
func WrappedKeyID(wrapped []byte) (string, error) {
	id, _, _, err := splitWrapped(wrapped)
	return id, err
}

// splitWrapped parses the framing of a wrapped key.
func splitWrapped(w []byte) (id string, ad, rest []byte, err error) {
	if len(w) < 2 || w[0] != wrapVersion {
		return "", nil, nil, fmt.Errorf("%w: wrapped key has an unknown format version", ErrCorrupt)
	}
	idEnd := 2 + int(w[1])
	if len(w) != idEnd+wrapNonceLen+len(FileKey{})+16 {
		return "", nil, nil, fmt.Errorf("%w: wrapped key has the wrong length (%d bytes)", ErrCorrupt, len(w))
	}
	return string(w[2:idEnd]), w[:idEnd], w[idEnd:], nil
}

// wrapAEAD returns AES-256-GCM keyed from a master key.
func wrapAEAD(master []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, master, nil, wrapInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("vault: deriving wrapping key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("vault: wrapping cipher: %w", err)
	}
	return cipher.NewGCM(block)
}
