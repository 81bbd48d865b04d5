package audit

import (
	"context"
	"fmt"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Report is the outcome of a verification.
type Report struct {
	Entries   int64  // entries checked
	FirstBad  int64  // seq of the first entry that fails; 0 when intact
	Problem   string // what is wrong with it, for a person
	Pruned    int64  // entries pruned by retention, standing behind the anchor
	AnchorSeq int64  // the last pruned entry's seq; 0 when none were pruned
}

// Intact reports whether the whole chain checked out.
func (r Report) Intact() bool { return r.FirstBad == 0 }

// Verify walks the whole chain in order, from the newest prune anchor (whose
// signature it checks) or the first entry, and stops at the first entry that
// was edited, removed or reordered.
func (c *Chain) Verify(ctx context.Context, db *store.DB) (Report, error) {
	var r Report
	want, prev := int64(1), ""
	var headSeq int64
	var headHash string
	err := db.View(ctx, func(tx *store.Tx) error {
		a, err := tx.AuditAnchor(ctx)
		if err != nil {
			return err
		}
		want, prev = c.start(a, &r)
		headSeq, headHash, err = tx.WalkAudit(ctx, func(e domain.AuditEntry) error {
			if r.FirstBad == 0 {
				c.check(&r, e, want, prev)
			}
			want, prev = e.Seq+1, e.Hash
			r.Entries++
			return nil
		})
		return err
	})
	if err != nil {
		return r, err
	}
	if r.FirstBad == 0 && (headSeq != want-1 || headHash != prev) {
		r.FirstBad = want
		r.Problem = fmt.Sprintf("entries after %d were removed (the chain's head says it ends at entry %d)", want-1, headSeq)
	}
	return r, nil
}

func (c *Chain) check(r *Report, e domain.AuditEntry, want int64, prev string) {
	switch {
	case e.Seq != want:
		r.FirstBad, r.Problem = want, fmt.Sprintf("entry %d is missing: it was removed (the next entry found is %d)", want, e.Seq)
	case e.PrevHash != prev:
		r.FirstBad, r.Problem = e.Seq, fmt.Sprintf("entry %d does not follow entry %d: entries were removed or reordered", e.Seq, want-1)
	case c.Seal(e) != e.Hash:
		r.FirstBad, r.Problem = e.Seq, fmt.Sprintf("entry %d was edited after it was written", e.Seq)
	}
}
