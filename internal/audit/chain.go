// Package audit seals and verifies the append-only audit trail. Each entry's
// hash is an HMAC over its own fields and the previous entry's hash, with a key
// derived from the master key file, which never sits in the database. Anyone
// who edits, removes or reorders rows with raw SQL breaks the chain, and
// Verify names the first entry where it breaks.
package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"

	"github.com/attune-vig/attune/internal/domain"
)

// KeyPurpose is the label under which the chain key is derived from the key ring.
const KeyPurpose = "audit-chain v1"

// Chain computes entry hashes with one key.
type Chain struct {
	key []byte
	cps *Checkpoints // where the checkpoint is kept; nil when nowhere
}

// NewChain returns a chain sealed with key (32 bytes recommended).
func NewChain(key []byte) *Chain { return &Chain{key: append([]byte(nil), key...)} }

// Seal returns the hash of e, which must already carry its Seq and PrevHash.
func (c *Chain) Seal(e domain.AuditEntry) string {
	m := hmac.New(sha256.New, c.key)
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.At.UnixMilli(), 10), e.ActorID, e.Action,
		e.ObjectType, e.ObjectID, e.CaseID, e.IP, e.Detail, e.PrevHash,
	} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		m.Write(n[:])
		m.Write([]byte(f))
	}
	return hex.EncodeToString(m.Sum(nil))
}
