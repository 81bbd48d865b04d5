package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Report is the outcome of a verification.
type Report struct {
	Entries    int64       // entries checked
	FirstBad   int64       // seq of the first entry that fails; 0 when none does
	Problem    string      // what is wrong, for a person; empty when intact
	Pruned     int64       // entries pruned by retention, standing behind the anchor
	AnchorSeq  int64       // the last pruned entry's seq; 0 when none were pruned
	Checkpoint *Checkpoint // the checkpoint the chain was compared with; nil when none
	Behind     int64       // how many entries the chain ends before the checkpoint
}

// Intact reports whether the whole chain checked out.
func (r Report) Intact() bool { return r.FirstBad == 0 && r.Problem == "" }

// Verify checks the chain in the database (VerifyChain) and then, when
// checkpoints are kept, that it reaches the newest checkpoint with the same
// hash at its entry. An intact chain is checkpointed afresh.
func (c *Chain) Verify(ctx context.Context, db *store.DB) (Report, error) {
	if c.cps == nil {
		r, _, err := c.walk(ctx, db, -1)
		return r, err
	}
	cp, forged, err := c.LatestCheckpoint()
	if err != nil {
		return Report{}, err
	}
	mark := int64(-1)
	if cp != nil {
		mark = cp.Seq
	}
	r, markHash, err := c.walk(ctx, db, mark)
	if err != nil || !r.Intact() {
		return r, err
	}
	r.Checkpoint = cp
	switch {
	case forged != "":
		r.Problem = forged
	case cp != nil:
		compare(&r, cp, markHash)
	}
	if r.Intact() {
		err = c.Checkpoint(ctx, db, time.Now())
	}
	return r, err
}

// VerifyChain checks only the chain in the database: every entry from the
// newest prune anchor (or the first) on, and the signed head.
func (c *Chain) VerifyChain(ctx context.Context, db *store.DB) (Report, error) {
	r, _, err := c.walk(ctx, db, -1)
	return r, err
}

// walk checks the chain in order, stopping at the first entry that was
// edited, removed or reordered, then the head. It returns the hash of entry
// mark (from the anchor, if mark was pruned into it) for the checkpoint.
func (c *Chain) walk(ctx context.Context, db *store.DB, mark int64) (r Report, markHash string, err error) {
	if err := db.FlushAudit(ctx); err != nil { // entries still queued join the chain first
		return r, "", err
	}
	err = db.View(ctx, func(tx *store.Tx) error {
		a, err := tx.AuditAnchor(ctx)
		if err != nil {
			return err
		}
		want, prev := c.start(a, &r)
		if a != nil && a.Seq == mark {
			markHash = a.Hash
		}
		_, _, err = tx.WalkAudit(ctx, func(e domain.AuditEntry) error {
			if r.FirstBad == 0 {
				c.check(ctx, tx, &r, e, want, prev)
			}
			if e.Seq == mark {
				markHash = e.Hash
			}
			want, prev = e.Seq+1, e.Hash
			r.Entries++
			return nil
		})
		if err != nil || r.FirstBad != 0 {
			return err
		}
		h, err := tx.AuditHead(ctx)
		if err == nil {
			c.checkHead(&r, h, want-1, prev)
		}
		return err
	})
	return r, markHash, err
}

func (c *Chain) check(ctx context.Context, tx *store.Tx, r *Report, e domain.AuditEntry, want int64, prev string) {
	switch {
	case e.Seq != want:
		r.FirstBad, r.Problem = want, fmt.Sprintf("entry %d is missing: it was removed (the next entry found is %d)", want, e.Seq)
	case e.PrevHash != prev:
		r.FirstBad, r.Problem = e.Seq, notFollowing(ctx, tx, e, want-1)
	case c.Seal(e) != e.Hash:
		r.FirstBad, r.Problem = e.Seq, fmt.Sprintf("entry %d was edited after it was written", e.Seq)
	}
}

// notFollowing names why e does not follow the entry before it: the entry
// it was written after is found later in the chain (reordered), or nowhere
// (removed, and the later entries renumbered).
func notFollowing(ctx context.Context, tx *store.Tx, e domain.AuditEntry, before int64) string {
	at, err := tx.AuditSeqOfHash(ctx, e.PrevHash)
	switch {
	case err == nil && at > e.Seq:
		return fmt.Sprintf("entries were reordered: entry %d was written after the entry now numbered %d, not after entry %d", e.Seq, at, before)
	case err == nil && at == 0:
		return fmt.Sprintf("entry %d does not follow entry %d: the entry it was written after was removed (and later entries renumbered)", e.Seq, before)
	}
	return fmt.Sprintf("entry %d does not follow entry %d: entries were removed or reordered", e.Seq, before)
}

// checkHead compares the signed head with the last entry read (last, hash).
func (c *Chain) checkHead(r *Report, h store.AuditHead, last int64, hash string) {
	switch {
	case !c.headValid(h):
		r.FirstBad = last + 1
		r.Problem = fmt.Sprintf("entries were cut off the end: the chain's head (entry %d) is not the one attune signed, so it was moved back or edited (truncation)", h.Seq)
	case h.BrokenAt != 0:
		r.FirstBad = h.BrokenAt
		r.Problem = fmt.Sprintf("entries were cut off the end before entry %d was written: attune found the chain's head moved back or edited then (truncation)", h.BrokenAt)
	case h.Seq != last || h.Hash != hash:
		r.FirstBad = last + 1
		r.Problem = fmt.Sprintf("entries after %d were removed: cut off the end (the chain's signed head says it ends at entry %d)", last, h.Seq)
	}
}

// compare checks that the chain reaches the checkpoint with the same hash
// at its entry. A chain behind it was cut short, or is an older backup put
// in place without `attune restore` (which records the rewind).
func compare(r *Report, cp *Checkpoint, markHash string) {
	last := r.AnchorSeq + r.Entries
	when := cp.At.Format("2006-01-02 15:04:05 MST")
	switch {
	case last < cp.Seq:
		r.Behind, r.FirstBad = cp.Seq-last, last+1
		r.Problem = fmt.Sprintf("the chain is behind the checkpoint by %d entries: it ends at entry %d, the checkpoint of %s saw entry %d. "+
			"Entries were cut off the end (truncation), or an older backup was put in place without `attune restore`, which records such a rewind",
			r.Behind, last, when, cp.Seq)
	case cp.Seq >= r.AnchorSeq && cp.Seq > 0 && markHash != cp.Hash:
		r.FirstBad = cp.Seq
		r.Problem = fmt.Sprintf("entry %d is not the one the checkpoint of %s saw: the chain was rewritten from there, or this is another database", cp.Seq, when)
	}
}
