package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/attune-vig/attune/internal/store"
)

// WithCheckpoints returns a chain with c's key whose Verify compares the
// chain with the checkpoint kept at p and writes a fresh one when the chain
// is intact, and whose Checkpoint and Rewind write there.
func (c *Chain) WithCheckpoints(p Checkpoints) *Chain {
	out := *c
	out.cps = &p
	return &out
}

// LatestCheckpoint returns the newest checkpoint whose signature holds, and
// names any that was edited or forged; nil when none is kept.
func (c *Chain) LatestCheckpoint() (*Checkpoint, string, error) {
	if c.cps == nil {
		return nil, "", nil
	}
	var best *Checkpoint
	var problem string
	for _, path := range c.cps.paths() {
		cp, err := readCheckpoint(path)
		if err != nil {
			return nil, "", err
		}
		switch {
		case cp == nil:
		case !c.checkpointValid(*cp):
			problem = fmt.Sprintf("the audit checkpoint %s was edited or forged (its signature does not hold)", path)
		case best == nil || cp.Seq > best.Seq:
			best = cp
		}
	}
	return best, problem, nil
}

// Checkpoint writes the chain's head to the checkpoint files (periodically,
// at a clean shutdown, after a verify) when the head's signature holds and
// it is ahead of what each file holds. A file that is forged is left as it
// is, for verify to name. It does nothing when no checkpoints are kept.
func (c *Chain) Checkpoint(ctx context.Context, db *store.DB, now time.Time) error {
	if c.cps == nil {
		return nil
	}
	h, err := readHead(ctx, db)
	if err != nil || h.BrokenAt != 0 || (h.Seq > 0 && !c.headValid(h)) {
		return err
	}
	for _, path := range c.cps.paths() {
		old, err := readCheckpoint(path)
		if err != nil {
			return err
		}
		if old != nil && (!c.checkpointValid(*old) || old.Seq >= h.Seq) {
			continue
		}
		if err := writeCheckpoint(path, c.signed(h, now, "")); err != nil {
			return err
		}
	}
	return nil
}

// Rewind replaces the checkpoints with the chain's present head even when
// it is behind them: a restore of an older backup, recorded in the audit
// trail by the caller, with note saying so.
func (c *Chain) Rewind(ctx context.Context, db *store.DB, now time.Time, note string) error {
	if c.cps == nil {
		return nil
	}
	h, err := readHead(ctx, db)
	if err != nil {
		return err
	}
	for _, path := range c.cps.paths() {
		if err := writeCheckpoint(path, c.signed(h, now, note)); err != nil {
			return err
		}
	}
	return nil
}

func (c *Chain) signed(h store.AuditHead, now time.Time, note string) Checkpoint {
	cp := Checkpoint{Seq: h.Seq, Hash: h.Hash, At: now.UTC().Truncate(time.Millisecond), Note: note}
	cp.Signature = c.SealCheckpoint(cp)
	return cp
}

func readHead(ctx context.Context, db *store.DB) (h store.AuditHead, err error) {
	err = db.View(ctx, func(tx *store.Tx) error { h, err = tx.AuditHead(ctx); return err })
	return h, err
}
