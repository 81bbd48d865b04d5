package vault

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strconv"
	"sync"
)

// masterKeySize is the length of every master key in bytes.
const masterKeySize = 32

// masterKey is one entry of the key ring.
type masterKey struct {
	id  string
	key []byte
}

// KeyRing holds the master keys in the order they were added. The last key
// is active: Wrap uses it. Earlier keys remain so that file keys wrapped
// under them can still be unwrapped until they are re-wrapped.
// A KeyRing is safe for concurrent use.
type KeyRing struct {
	mu     sync.RWMutex
	keys   []masterKey
	shreds *ShredList // erased file keys Unwrap refuses (shred.go); nil for none
	cases  *CaseKeys  // case key folder for WrapFor (casekeys.go); nil for none
}

// newKeyRing returns a ring with one fresh random key.
func newKeyRing() *KeyRing {
	kr := &KeyRing{}
	kr.keys = append(kr.keys, masterKey{id: "k1", key: randomBytes(masterKeySize)})
	return kr
}

// Derive returns a 32-byte key for purpose (for example "audit-chain v1"),
// computed with HKDF-SHA256 from the FIRST (original) master key, not the
// active one. Derived keys therefore stay the same when keys are rotated
// with AddKey: an audit chain signed before a rotation still verifies after
// it. Rotating a derived key means choosing a new purpose string.
func (kr *KeyRing) Derive(purpose string) []byte {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	out, err := hkdf.Key(sha256.New, kr.keys[0].key, nil, "attune-vault derive: "+purpose, 32)
	if err != nil {
		panic("vault: hkdf: " + err.Error()) // only on impossible lengths
	}
	return out
}

// AddKey appends a new random master key and makes it the active key.
// It changes only the ring in memory: call Save before wrapping anything
// with the new key, or file keys wrapped under it are lost with the process.
func (kr *KeyRing) AddKey() (string, error) {
	kr.mu.Lock()
	defer kr.mu.Unlock()
	id := "k" + strconv.Itoa(kr.nextNumber())
	if kr.find(id) != nil {
		return "", fmt.Errorf("vault: key id %q already exists in the key ring; the key file was edited by hand, fix its ids", id)
	}
	kr.keys = append(kr.keys, masterKey{id: id, key: randomBytes(masterKeySize)})
	return id, nil
}

// ActiveKeyID returns the id of the key that Wrap uses.
func (kr *KeyRing) ActiveKeyID() string {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	return kr.keys[len(kr.keys)-1].id
}

// KeyIDs returns the ids of all keys, oldest first.
func (kr *KeyRing) KeyIDs() []string {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	ids := make([]string, len(kr.keys))
	for i, k := range kr.keys {
		ids[i] = k.id
	}
	return ids
}

// nextNumber returns one more than the largest "k<n>" id in the ring.
func (kr *KeyRing) nextNumber() int {
	highest := len(kr.keys)
	for _, k := range kr.keys {
		if n, err := strconv.Atoi(k.id[1:]); err == nil && k.id[0] == 'k' && n > highest {
			highest = n
		}
	}
	return highest + 1
}

// find returns the key with id, or nil. Callers hold kr.mu.
func (kr *KeyRing) find(id string) *masterKey {
	for i := range kr.keys {
		if kr.keys[i].id == id {
			return &kr.keys[i]
		}
	}
	return nil
}

// randomBytes returns n bytes from crypto/rand, which never fails on
// supported platforms (Go 1.24+ crashes the program instead).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
