package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// SealAnchor returns the signature of a prune anchor: an HMAC, with the
// chain's key, over the last pruned entry's seq and hash, the count pruned
// and the time. Without the key (which is not in the database) nobody can
// move an anchor forward to hide removed entries.
func (c *Chain) SealAnchor(a store.AuditAnchor) string {
	m := hmac.New(sha256.New, c.key)
	for _, f := range []string{"audit anchor v1", strconv.FormatInt(a.Seq, 10), a.Hash,
		strconv.FormatInt(a.Pruned, 10), strconv.FormatInt(a.At.UnixMilli(), 10)} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		m.Write(n[:])
		m.Write([]byte(f))
	}
	return hex.EncodeToString(m.Sum(nil))
}

// Pruned is what one prune removed.
type Pruned struct {
	Entries int64 // removed now
	Through int64 // seq of the last entry removed, 0 when none
}

// Prune removes the entries written before `before` from the start of the
// chain (stopping at the first entry about a case under a legal hold), and
// in the same transaction records a signed anchor holding the last removed
// entry's seq and hash and the running count, then an audit entry saying so.
// Verify then checks the chain from the anchor.
func (c *Chain) Prune(ctx context.Context, db *store.DB, before, now time.Time) (Pruned, error) {
	var out Pruned
	err := db.Update(ctx, func(tx *store.Tx) error {
		seq, hash, n, err := tx.AuditPruneEnd(ctx, before)
		if err != nil || n == 0 {
			return err
		}
		prev, err := tx.AuditAnchor(ctx)
		if err != nil {
			return err
		}
		a := store.AuditAnchor{Seq: seq, Hash: hash, Pruned: n, At: now.UTC().Truncate(time.Millisecond)}
		if prev != nil {
			a.Pruned += prev.Pruned
		}
		a.Signature = c.SealAnchor(a)
		if err := tx.PruneAudit(ctx, a); err != nil {
			return err
		}
		out = Pruned{Entries: n, Through: seq}
		return tx.Audit(ctx, domain.AuditEntry{Action: "audit.prune", ObjectType: "audit", At: now.UTC(),
			Detail: fmt.Sprintf("%d entries written before %s pruned (through entry %d); the chain is anchored there",
				n, before.UTC().Format("2006-01-02"), seq)})
	})
	return out, err
}

// start returns where verification begins: after the newest anchor, whose
// signature must hold, or at the chain's first entry.
func (c *Chain) start(a *store.AuditAnchor, r *Report) (want int64, prev string) {
	if a == nil {
		return 1, ""
	}
	r.Pruned, r.AnchorSeq = a.Pruned, a.Seq
	if !hmac.Equal([]byte(c.SealAnchor(*a)), []byte(a.Signature)) {
		r.FirstBad = a.Seq + 1
		r.Problem = fmt.Sprintf("the anchor standing in for the %d pruned entries (through entry %d) was edited or forged", a.Pruned, a.Seq)
	}
	return a.Seq + 1, a.Hash
}
