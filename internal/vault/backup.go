package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
)

// manifestPurpose keys backup manifests. Derive uses the ring's first key,
// so a manifest signed before `attune keys rotate` still verifies after it.
const manifestPurpose = "backup manifest v1"

// ErrWrongKeyRing reports a backup signed with another key ring.
var ErrWrongKeyRing = errors.New("vault: the backup was not made with this master key file; " +
	"restore with the key file that was in use when the backup was taken (--master-key-file or ATTUNE_MASTER_KEY_FILE)")

// SignManifest returns a hex HMAC-SHA256 of a backup manifest's bytes.
func (kr *KeyRing) SignManifest(manifest []byte) string {
	return hex.EncodeToString(kr.signRaw(manifest))
}

// VerifyManifest checks a signature made by SignManifest; ErrWrongKeyRing
// when it does not match (another key ring, or an edited manifest).
func (kr *KeyRing) VerifyManifest(manifest []byte, sig string) error {
	want, err := hex.DecodeString(sig)
	if err != nil || !hmac.Equal(want, kr.signRaw(manifest)) {
		return ErrWrongKeyRing
	}
	return nil
}

func (kr *KeyRing) signRaw(manifest []byte) []byte {
	m := hmac.New(sha256.New, kr.Derive(manifestPurpose))
	m.Write(manifest)
	return m.Sum(nil)
}

// Digest is a running SHA-256 of bytes written to it, for integrity manifests.
type Digest struct{ h hash.Hash }

// NewDigest starts a SHA-256 digest.
func NewDigest() *Digest { return &Digest{h: sha256.New()} }

// Write adds p to the digest.
func (d *Digest) Write(p []byte) (int, error) { return d.h.Write(p) }

// Hex returns the digest so far as lowercase hex.
func (d *Digest) Hex() string { return hex.EncodeToString(d.h.Sum(nil)) }

// LoadKeyFile reads an existing key file and never creates one: restoring
// needs the key ring the backup was made with, not a fresh one.
func LoadKeyFile(path string) (*KeyRing, error) {
	kr, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("vault: there is no key file at %s; restoring needs the master key file the backup was made with "+
			"(copy it there, or point --master-key-file at it)", path)
	}
	return kr, err
}
