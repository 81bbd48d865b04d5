package store

import (
	"context"
	"database/sql"
)

// Ops are the counts an operator watches: jobs by kind and state, and
// recordings by status.
type Ops struct {
	Jobs       []OpsCount // Labels: kind, state
	Recordings []OpsCount // Labels: status
}

// OpsCount is one labelled count.
type OpsCount struct {
	A, B string
	N    int64
}

// OpsCounts reads the counts on the read pool. Jobs finished long ago are
// River's to clean up; only states that need watching are counted.
func (db *DB) OpsCounts(ctx context.Context) (*Ops, error) {
	out := &Ops{}
	var err error
	// the queue's own wake job (jobs/wake.go) is no work to watch
	if out.Jobs, err = counts(ctx, db.r, `SELECT kind, state, COUNT(*) FROM river_job
		WHERE state IN ('available','running','retryable','scheduled','discarded') AND kind <> 'wake' GROUP BY kind, state`); err != nil {
		return nil, err
	}
	out.Recordings, err = counts(ctx, db.r, `SELECT status, '', COUNT(*) FROM recordings GROUP BY status`)
	return out, err
}

func counts(ctx context.Context, q *sql.DB, query string) ([]OpsCount, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OpsCount
	for rows.Next() {
		var c OpsCount
		if err := rows.Scan(&c.A, &c.B, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Pools are the database connection pools, for their statistics.
func (db *DB) Pools() map[string]*sql.DB {
	if db.r == db.w {
		return map[string]*sql.DB{"shared": db.w}
	}
	return map[string]*sql.DB{"writer": db.w, "readers": db.r}
}
