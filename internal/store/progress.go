package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

// progressCols reads, per case, everything the next step needs, with index
// lookups in correlated subqueries: one query for the whole page.
const progressCols = `c.id,
	COALESCE((SELECT stage FROM case_stages st WHERE st.case_id = c.id), 'first_meeting'),
	(SELECT COUNT(*) FROM goals g WHERE g.case_id = c.id AND g.status = 'open'),
	(SELECT COUNT(*) FROM consents k WHERE k.case_id = c.id AND k.withdrawn_at IS NULL AND k.purposes LIKE '%filming%'),
	COALESCE((SELECT number FROM cycles y WHERE y.case_id = c.id AND y.status IN ('planned','filmed','edited') ORDER BY number LIMIT 1), 0),
	COALESCE((SELECT status FROM cycles y WHERE y.case_id = c.id AND y.status IN ('planned','filmed','edited') ORDER BY number LIMIT 1), ''),
	COALESCE((SELECT starts_at FROM case_sessions m WHERE m.case_id = c.id AND m.starts_at >= ? AND m.attendance = '' ORDER BY starts_at LIMIT 1), 0),
	COALESCE((SELECT kind FROM case_sessions m WHERE m.case_id = c.id AND m.starts_at >= ? AND m.attendance = '' ORDER BY starts_at LIMIT 1), '')`

// attachProgress fills each case's Progress with one query for the page.
func (tx *Tx) attachProgress(ctx context.Context, cases []*domain.Case) error {
	if len(cases) == 0 {
		return nil
	}
	byID := map[string]*domain.Case{}
	args := []any{ms(tx.now), ms(tx.now)}
	for _, c := range cases {
		byID[c.ID] = c
		args = append(args, c.ID)
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(cases)), ",")
	rows, err := tx.query(ctx, `SELECT `+progressCols+` FROM cases c WHERE c.id IN (`+in+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		p, err := scanProgress(rows, &id)
		if err != nil {
			return err
		}
		byID[id].Progress = p
	}
	return rows.Err()
}

func scanProgress(rows *sql.Rows, id *string) (*domain.Progress, error) {
	var p domain.Progress
	var filming, cycle int
	var cycleStatus, kind string
	var at int64
	if err := rows.Scan(id, &p.Stage, &p.OpenGoals, &filming, &cycle, &cycleStatus, &at, &kind); err != nil {
		return nil, err
	}
	p.Filming = filming > 0
	if cycle > 0 {
		p.NextCycle = &domain.Cycle{CaseID: *id, Number: cycle, Status: cycleStatus}
	}
	if kind != "" {
		p.NextSession = &domain.Meeting{CaseID: *id, Kind: kind, StartsAt: fromMS(at)}
	}
	return &p, nil
}
