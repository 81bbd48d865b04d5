package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/store"
)

// Checkpoint is a signed copy of the chain's head kept outside the database
// (a file beside the case keys, and optionally a copy elsewhere). Someone who
// can edit the database but not the key cannot move it back: verify then
// finds a chain that ends before the checkpoint, or differs at its entry.
type Checkpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	Note      string    `json:"note,omitempty"` // why it was moved back (a restore), else empty
	Signature string    `json:"signature"`
}

// SealCheckpoint returns the signature of cp: an HMAC, with the chain's
// key, over its seq, hash, time and note.
func (c *Chain) SealCheckpoint(cp Checkpoint) string {
	m := hmac.New(sha256.New, c.key)
	for _, f := range []string{"audit checkpoint v1", strconv.FormatInt(cp.Seq, 10), cp.Hash,
		strconv.FormatInt(cp.At.UnixMilli(), 10), cp.Note} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		m.Write(n[:])
		m.Write([]byte(f))
	}
	return hex.EncodeToString(m.Sum(nil))
}

// checkpointValid tells whether cp's signature holds.
func (c *Chain) checkpointValid(cp Checkpoint) bool {
	return hmac.Equal([]byte(c.SealCheckpoint(cp)), []byte(cp.Signature))
}

// headValid tells whether the head's signature holds.
func (c *Chain) headValid(h store.AuditHead) bool {
	return hmac.Equal([]byte(c.Seal(store.HeadEntry(h))), []byte(h.MAC))
}
