package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// progressRow reads one row of a progress query into the cases' progress.
type progressRow func(rows *sql.Rows, byID map[string]*domain.Progress) error

// attachProgress fills each case's Progress with five queries for the whole
// page, not five per case.
func (tx *Tx) attachProgress(ctx context.Context, cases []*domain.Case) error {
	if len(cases) == 0 {
		return nil
	}
	byID := map[string]*domain.Progress{}
	ids := make([]any, len(cases))
	for i, c := range cases {
		c.Progress = &domain.Progress{Stage: domain.StageFirstMeeting}
		byID[c.ID], ids[i] = c.Progress, c.ID
	}
	in := `(` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`
	queries := []struct {
		sql  string
		args []any
		row  progressRow
	}{
		{`SELECT case_id, stage FROM case_stages WHERE case_id IN ` + in, ids, scanStage},
		{`SELECT case_id, COUNT(*) FROM goals WHERE status = 'open' AND case_id IN ` + in + ` GROUP BY case_id`, ids, scanOpenGoals},
		{`SELECT case_id, purposes FROM consents WHERE withdrawn_at IS NULL AND case_id IN ` + in, ids, scanFilming},
		{`SELECT case_id, number, status FROM cycles WHERE status IN ('planned','filmed','edited') AND case_id IN ` + in +
			` ORDER BY case_id, number`, ids, scanNextCycle},
		{`SELECT case_id, kind, starts_at FROM case_sessions WHERE starts_at >= ? AND attendance = '' AND case_id IN ` + in +
			` ORDER BY case_id, starts_at`, append([]any{ms(tx.now)}, ids...), scanNextSession},
	}
	for _, q := range queries {
		if err := tx.eachRow(ctx, q.sql, q.args, byID, q.row); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) eachRow(ctx context.Context, q string, args []any, byID map[string]*domain.Progress, row progressRow) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows, byID); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanStage(rows *sql.Rows, byID map[string]*domain.Progress) error {
	var id, stage string
	if err := rows.Scan(&id, &stage); err != nil {
		return err
	}
	byID[id].Stage = stage
	return nil
}

func scanOpenGoals(rows *sql.Rows, byID map[string]*domain.Progress) error {
	var id string
	var n int
	if err := rows.Scan(&id, &n); err != nil {
		return err
	}
	byID[id].OpenGoals = n
	return nil
}

func scanFilming(rows *sql.Rows, byID map[string]*domain.Progress) error {
	var id, purposes string
	if err := rows.Scan(&id, &purposes); err != nil {
		return err
	}
	c := domain.Consent{Purposes: strings.Split(purposes, ",")}
	byID[id].Filming = byID[id].Filming || c.Has(domain.PurposeFilming)
	return nil
}

func scanNextCycle(rows *sql.Rows, byID map[string]*domain.Progress) error {
	var c domain.Cycle
	if err := rows.Scan(&c.CaseID, &c.Number, &c.Status); err != nil {
		return err
	}
	if p := byID[c.CaseID]; p.NextCycle == nil {
		p.NextCycle = &c
	}
	return nil
}

func scanNextSession(rows *sql.Rows, byID map[string]*domain.Progress) error {
	var m domain.Meeting
	var at int64
	if err := rows.Scan(&m.CaseID, &m.Kind, &at); err != nil {
		return err
	}
	m.StartsAt = fromMS(at)
	if p := byID[m.CaseID]; p.NextSession == nil {
		p.NextSession = &m
	}
	return nil
}
