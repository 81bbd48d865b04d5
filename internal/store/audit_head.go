package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/attune-vig/attune/internal/domain"
)

// AuditHead is the end of the chain as the database records it: the last
// entry's seq and hash, the seq of the first entry appended after the head
// was found altered (0 when never), and the head's signature.
type AuditHead struct {
	Seq      int64
	Hash     string
	BrokenAt int64
	MAC      string
}

// HeadEntry is what the head's signature covers, as a reserved entry the
// chain's sealer signs (no real entry has this action): the head's seq, hash
// and broken mark, each length-prefixed by the sealer.
func HeadEntry(h AuditHead) domain.AuditEntry {
	return domain.AuditEntry{Seq: h.Seq, Action: "audit.head v1", ObjectType: "audit-head",
		Detail: strconv.FormatInt(h.BrokenAt, 10), PrevHash: h.Hash}
}

// AuditHead reads the head row.
func (tx *Tx) AuditHead(ctx context.Context) (AuditHead, error) {
	var h AuditHead
	err := tx.queryRow(ctx, `SELECT seq, hash, broken_at, mac FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash, &h.BrokenAt, &h.MAC)
	if err != nil {
		return h, fmt.Errorf("read audit head: %w", err)
	}
	return h, nil
}

// lockHead locks and reads the head. A head whose signature does not hold
// (moved back after entries were cut off, or edited) is still extended, so
// attune keeps working, but the first new entry's seq is kept in broken_at
// under the new signature: the next append cannot launder it, and verify
// names it. A head with no signature counts as altered too (Open signs the
// one a fresh database or migration 00025 leaves).
func (tx *Tx) lockHead(ctx context.Context) (AuditHead, error) {
	if _, err := tx.exec(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1`); err != nil {
		return AuditHead{}, fmt.Errorf("lock audit head: %w", err)
	}
	h, err := tx.AuditHead(ctx)
	if err != nil || h.BrokenAt != 0 {
		return h, err
	}
	if tx.seal(HeadEntry(h)) != h.MAC {
		h.BrokenAt = h.Seq + 1
	}
	return h, nil
}

// writeHead moves the head to e and signs it.
func (tx *Tx) writeHead(ctx context.Context, h AuditHead, e domain.AuditEntry) error {
	h.Seq, h.Hash = e.Seq, e.Hash
	h.MAC = tx.seal(HeadEntry(h))
	_, err := tx.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ?, broken_at = ?, mac = ? WHERE id = 1`, h.Seq, h.Hash, h.BrokenAt, h.MAC)
	return err
}

// AuditSeqOfHash finds the entry whose hash is hash (to tell a reordered
// entry from a removed one); 0 when there is none.
func (tx *Tx) AuditSeqOfHash(ctx context.Context, hash string) (int64, error) {
	var seq int64
	err := tx.queryRow(ctx, `SELECT COALESCE(MIN(seq), 0) FROM audit_log WHERE hash = ?`, hash).Scan(&seq)
	return seq, err
}

// signNewHead signs a head that has no signature yet: a new database's, or
// one written before migration 00025. This trusts that head once, at
// start-up; the checkpoint kept outside the database guards that step.
func (db *DB) signNewHead(ctx context.Context) error {
	if db.seal == nil {
		return nil
	}
	// Look first without the write lock: a signed head (every start but the
	// first) needs nothing, and a second process opening a busy database
	// (attune backup beside the server) must not queue behind its writers.
	signed := false
	if err := db.View(ctx, func(tx *Tx) error {
		h, err := tx.AuditHead(ctx)
		signed = h.MAC != ""
		return err
	}); err != nil || signed {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		h, err := tx.AuditHead(ctx)
		if err != nil || h.MAC != "" {
			return err
		}
		h.MAC = tx.seal(HeadEntry(h))
		_, err = tx.exec(ctx, `UPDATE audit_head SET mac = ? WHERE id = 1 AND mac = ''`, h.MAC)
		return err
	})
}
