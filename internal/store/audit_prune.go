package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AuditAnchor stands in for the audit entries pruned from the start of the
// chain: the last pruned entry's seq and hash, the number pruned since the
// chain began, and a signature over them made with the chain's key.
type AuditAnchor struct {
	Seq       int64
	Hash      string
	Pruned    int64
	At        time.Time
	Signature string
}

// AuditAnchor returns the newest anchor, or nil when nothing was pruned.
func (tx *Tx) AuditAnchor(ctx context.Context) (*AuditAnchor, error) {
	var a AuditAnchor
	var at int64
	err := tx.queryRow(ctx, `SELECT seq, hash, pruned, at, signature FROM audit_anchors ORDER BY seq DESC LIMIT 1`).
		Scan(&a.Seq, &a.Hash, &a.Pruned, &at, &a.Signature)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.At = fromMS(at)
	return &a, nil
}

// AuditPruneEnd finds the last entry that may be pruned: the chain's start
// up to (not including) the first entry written at or after before, or
// about a case under a legal hold. It returns that entry's seq and hash and
// how many entries it ends; 0 entries when nothing may go.
func (tx *Tx) AuditPruneEnd(ctx context.Context, before time.Time) (seq int64, hash string, n int64, err error) {
	if _, err := tx.exec(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1`); err != nil { // one prune at a time, before new entries
		return 0, "", 0, fmt.Errorf("lock audit head: %w", err)
	}
	return tx.auditPruneSpan(ctx, before)
}

// AuditPrunable tells how many entries AuditPruneEnd would end now, in a
// read-only transaction (the retention dry run).
func (tx *Tx) AuditPrunable(ctx context.Context, before time.Time) (int64, error) {
	_, _, n, err := tx.auditPruneSpan(ctx, before)
	return n, err
}

func (tx *Tx) auditPruneSpan(ctx context.Context, before time.Time) (seq int64, hash string, n int64, err error) {
	var stop int64
	err = tx.queryRow(ctx, `SELECT COALESCE(MIN(seq), (SELECT seq + 1 FROM audit_head WHERE id = 1)) FROM audit_log
		WHERE at >= ? OR (case_id <> '' AND case_id IN (SELECT case_id FROM legal_holds))`, ms(before)).Scan(&stop)
	if err != nil {
		return 0, "", 0, err
	}
	err = tx.queryRow(ctx, `SELECT seq, hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1`, stop).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", 0, nil
	}
	if err != nil {
		return 0, "", 0, err
	}
	err = tx.queryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE seq <= ?`, seq).Scan(&n)
	return seq, hash, n, err
}

// PruneAudit deletes the entries up to a.Seq and records the anchor that
// stands in for them, in the caller's transaction.
func (tx *Tx) PruneAudit(ctx context.Context, a AuditAnchor) error {
	if _, err := tx.exec(ctx, `DELETE FROM audit_log WHERE seq <= ?`, a.Seq); err != nil {
		return fmt.Errorf("prune audit entries: %w", err)
	}
	_, err := tx.exec(ctx, `INSERT INTO audit_anchors (seq, hash, pruned, at, signature) VALUES (?,?,?,?,?)`,
		a.Seq, a.Hash, a.Pruned, ms(a.At), a.Signature)
	return err
}
