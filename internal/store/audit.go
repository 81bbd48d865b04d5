package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/attune-vig/attune/internal/domain"
)

// Audit appends one entry to the hash chain. The head row is locked first, so
// concurrent writers (on any number of servers) extend one chain; the head is
// signed again with each entry (audit_head.go). With the queue on
// (PostgreSQL, SealAuditInBatches) the entry is queued instead and sealed
// into the chain by the sequencer moments after this transaction commits.
func (tx *Tx) Audit(ctx context.Context, e domain.AuditEntry) error {
	if tx.seal == nil {
		return errors.New("store: no audit sealer configured")
	}
	if tx.kick != nil {
		return tx.queueAudit(ctx, e) // audit_queue.go
	}
	h, err := tx.lockHead(ctx)
	if err != nil {
		return err
	}
	e.Seq, e.PrevHash = h.Seq+1, h.Hash
	if e.At.IsZero() {
		e.At = tx.now
	}
	e.Hash = tx.seal(e)
	_, err = tx.exec(ctx, `INSERT INTO audit_log
		(seq, at, actor_id, action, object_type, object_id, case_id, ip, detail, prev_hash, hash)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		e.Seq, ms(e.At), e.ActorID, e.Action, e.ObjectType, e.ObjectID, e.CaseID, e.IP, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	return tx.writeHead(ctx, h, e)
}

// AuditFilter selects audit entries for browsing.
type AuditFilter struct {
	ActorID string
	CaseID  string
	Action  string
	Before  int64 // seq; 0 means from the newest
	Limit   int
}

// AuditEntries lists entries newest first: those still queued for the
// sequencer first (Seq 0, no hash yet; audit_queue.go), then the chain's.
func (tx *Tx) AuditEntries(ctx context.Context, f AuditFilter) ([]domain.AuditEntry, error) {
	where, args := ``, []any{}
	if f.ActorID != "" {
		where += ` AND actor_id = ?`
		args = append(args, f.ActorID)
	}
	if f.CaseID != "" {
		where += ` AND case_id = ?`
		args = append(args, f.CaseID)
	}
	if f.Action != "" {
		where += ` AND action LIKE ?`
		args = append(args, f.Action+"%")
	}
	sealed, queued := where, where
	if f.Before > 0 {
		sealed += ` AND seq < ?`
		queued += ` AND 1 = 0` // queued entries are newer than any sealed one
	}
	all := append(append([]any{}, args...), args...)
	if f.Before > 0 {
		all = append(all, f.Before)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	// Each part is read newest first and limited, so each uses its index;
	// one statement, so an entry sealed meanwhile is seen exactly once.
	limit := fmt.Sprintf(` LIMIT %d`, f.Limit)
	q := `SELECT seq, at, actor_id, action, object_type, object_id, case_id, ip, detail, prev_hash, hash FROM (
		SELECT * FROM (SELECT 1 AS pending, 0 AS seq, id AS qid, at, actor_id, action, object_type, object_id, case_id, ip, detail,
			'' AS prev_hash, '' AS hash FROM audit_queue WHERE 1=1` + queued + ` ORDER BY id DESC` + limit + `) q
		UNION ALL
		SELECT * FROM (SELECT 0 AS pending, seq, 0 AS qid, at, actor_id, action, object_type, object_id, case_id, ip, detail,
			prev_hash, hash FROM audit_log WHERE 1=1` + sealed + ` ORDER BY seq DESC` + limit + `) l
		) e ORDER BY pending DESC, seq DESC, qid DESC` + limit
	rows, err := tx.query(ctx, q, all...)
	if err != nil {
		return nil, err
	}
	return scanAudit(rows)
}

// WalkAudit calls fn for every entry in storage order (by seq), then returns
// the head's seq and hash for the caller to compare with the last entry.
func (tx *Tx) WalkAudit(ctx context.Context, fn func(domain.AuditEntry) error) (headSeq int64, headHash string, err error) {
	const page = 2000
	var after int64 = -1
	for {
		rows, err := tx.query(ctx, fmt.Sprintf(`SELECT seq, at, actor_id, action, object_type, object_id, case_id, ip, detail, prev_hash, hash
			FROM audit_log WHERE seq > ? ORDER BY seq LIMIT %d`, page), after)
		if err != nil {
			return 0, "", err
		}
		batch, err := scanAudit(rows)
		if err != nil {
			return 0, "", err
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return 0, "", err
			}
			after = e.Seq
		}
		if len(batch) < page {
			break
		}
	}
	err = tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash)
	return headSeq, headHash, err
}

type rowScanner interface {
	Scan(dest ...any) error
	Next() bool
	Err() error
	Close() error
}

func scanAudit(rows rowScanner) ([]domain.AuditEntry, error) {
	defer rows.Close()
	var out []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.Action, &e.ObjectType, &e.ObjectID, &e.CaseID, &e.IP, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
