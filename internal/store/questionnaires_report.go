package store

import (
	"context"
	"database/sql"
	"time"
)

// ReportCounts are the service's case and cycle figures for a period.
type ReportCounts struct {
	CasesOpened, CasesClosed, CyclesCompleted int
}

// ReportCounts counts cases opened and closed and cycles reviewed in [from, to).
func (tx *Tx) ReportCounts(ctx context.Context, from, to time.Time) (ReportCounts, error) {
	var c ReportCounts
	f, t := ms(from), ms(to)
	err := tx.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM cases WHERE created_at >= ? AND created_at < ?),
		(SELECT COUNT(*) FROM cases WHERE closed_at >= ? AND closed_at < ?),
		(SELECT COUNT(*) FROM cycles WHERE status = 'reviewed' AND updated_at >= ? AND updated_at < ?)`,
		f, t, f, t, f, t).Scan(&c.CasesOpened, &c.CasesClosed, &c.CyclesCompleted)
	return c, err
}

// ScoredResponse is one completed questionnaire with a total, without
// anything that names the family.
type ScoredResponse struct {
	CaseID, InstrumentID, InstrumentKey, InstrumentName string
	CompletedAt                                         time.Time
	Total                                               float64
}

// ScoredResponses lists every completed questionnaire with a total, in the
// order they were completed.
func (tx *Tx) ScoredResponses(ctx context.Context) ([]ScoredResponse, error) {
	rows, err := tx.query(ctx, `SELECT a.case_id, a.instrument_id, i.key, i.name, a.completed_at, a.total
		FROM q_assignments a JOIN instruments i ON i.id = a.instrument_id
		WHERE a.status = 'completed' AND a.total IS NOT NULL ORDER BY a.completed_at, a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScoredResponse
	for rows.Next() {
		var r ScoredResponse
		var done int64
		var total sql.NullFloat64
		if err := rows.Scan(&r.CaseID, &r.InstrumentID, &r.InstrumentKey, &r.InstrumentName, &done, &total); err != nil {
			return nil, err
		}
		r.CompletedAt, r.Total = fromMS(done), total.Float64
		out = append(out, r)
	}
	return out, rows.Err()
}

// GoalRatingRow is one rating of one goal, for the service's figures.
type GoalRatingRow struct {
	GoalID    string
	Value     int
	CreatedAt time.Time
}

// GoalRatingRows lists every goal rating, oldest first.
func (tx *Tx) GoalRatingRows(ctx context.Context) ([]GoalRatingRow, error) {
	rows, err := tx.query(ctx, `SELECT goal_id, value, created_at FROM goal_ratings ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GoalRatingRow
	for rows.Next() {
		var r GoalRatingRow
		var at int64
		if err := rows.Scan(&r.GoalID, &r.Value, &at); err != nil {
			return nil, err
		}
		r.CreatedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
