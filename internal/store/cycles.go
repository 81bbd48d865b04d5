package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// CaseStage is where a case stands in the intervention; a case without a row
// is at its first meeting.
func (tx *Tx) CaseStage(ctx context.Context, caseID string) (string, error) {
	var stage string
	err := tx.queryRow(ctx, `SELECT stage FROM case_stages WHERE case_id = ?`, caseID).Scan(&stage)
	if IsNotFound(err) {
		return domain.StageFirstMeeting, nil
	}
	return stage, err
}

// SetCaseStage moves a case to a stage, if it is still at the stage from.
func (tx *Tx) SetCaseStage(ctx context.Context, caseID, from, to string) error {
	res, err := tx.exec(ctx, `UPDATE case_stages SET stage = ?, updated_at = ? WHERE case_id = ? AND stage = ?`,
		to, ms(tx.now), caseID, from)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	if from != domain.StageFirstMeeting {
		return domain.Errorf(domain.ECONFLICT, "The case moved on while you were working. Reload it and try again.")
	}
	_, err = tx.exec(ctx, `INSERT INTO case_stages (case_id, stage, updated_at) VALUES (?,?,?)`, caseID, to, ms(tx.now))
	if isUniqueViolation(err) {
		return domain.Errorf(domain.ECONFLICT, "The case moved on while you were working. Reload it and try again.")
	}
	return err
}

const cycleCols = `id, case_id, number, status, parent_words, next_steps, updated_at, status_source, status_by, status_at`

// cycleRead reads a cycle with the name of who set its status.
const cycleRead = `SELECT y.id, y.case_id, y.number, y.status, y.parent_words, y.next_steps, y.updated_at,
	y.status_source, y.status_by, y.status_at, COALESCE(u.name, '') FROM cycles y LEFT JOIN users u ON u.id = y.status_by `

// CreateCycle inserts a cycle.
func (tx *Tx) CreateCycle(ctx context.Context, c *domain.Cycle) error {
	c.UpdatedAt = tx.now
	words, next, err := tx.sealCycle(c)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO cycles (`+cycleCols+`) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		c.ID, c.CaseID, c.Number, c.Status, words, next, ms(c.UpdatedAt), c.StatusSource, c.StatusBy, msOrZero(c.StatusAt))
	return err
}

// UpdateCycle writes a cycle's state, what set it and its review words, if
// its state is still from.
func (tx *Tx) UpdateCycle(ctx context.Context, c *domain.Cycle, from string) error {
	words, next, err := tx.sealCycle(c)
	if err != nil {
		return err
	}
	if c.Status != from {
		c.StatusAt = tx.now
	}
	res, err := tx.exec(ctx, `UPDATE cycles SET status = ?, parent_words = ?, next_steps = ?, updated_at = ?,
		status_source = ?, status_by = ?, status_at = ? WHERE id = ? AND status = ?`,
		c.Status, words, next, ms(tx.now), c.StatusSource, c.StatusBy, msOrZero(c.StatusAt), c.ID, from)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.Errorf(domain.ECONFLICT, "This cycle changed while you were working. Reload the case and try again.")
	}
	c.UpdatedAt = tx.now
	return nil
}

// CycleByID loads a cycle; ErrNoRows when absent.
func (tx *Tx) CycleByID(ctx context.Context, id string) (*domain.Cycle, error) {
	c, err := scanCycle(tx.queryRow(ctx, cycleRead+`WHERE y.id = ?`, id))
	if err != nil {
		return nil, err
	}
	return c, tx.openCycle(c)
}

// CaseCycles lists a case's cycles in order.
func (tx *Tx) CaseCycles(ctx context.Context, caseID string) ([]*domain.Cycle, error) {
	rows, err := tx.query(ctx, cycleRead+`WHERE y.case_id = ? ORDER BY y.number`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Cycle
	for rows.Next() {
		c, err := scanCycle(rows)
		if err == nil {
			err = tx.openCycle(c)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanCycle(s interface{ Scan(...any) error }) (*domain.Cycle, error) {
	var c domain.Cycle
	var updated, statusAt int64
	if err := s.Scan(&c.ID, &c.CaseID, &c.Number, &c.Status, &c.ParentWords, &c.NextSteps, &updated,
		&c.StatusSource, &c.StatusBy, &statusAt, &c.StatusByName); err != nil {
		return nil, err
	}
	c.UpdatedAt = fromMS(updated)
	if statusAt > 0 {
		c.StatusAt = fromMS(statusAt)
	}
	return &c, nil
}
