package store

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// msOrZero is ms for a time that may be unset (0 then).
func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

// CycleWork counts what has been done for a case's cycle: its recordings,
// the clips made from them and the films made in it (with a clip or a
// still, not only title cards), and whether the shared review left words or
// next steps.
func (tx *Tx) CycleWork(ctx context.Context, caseID string, number int) (domain.CycleWork, error) {
	var w domain.CycleWork
	var reviewed int
	err := tx.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM recordings r WHERE r.case_id = y.case_id AND r.cycle = y.number),
		(SELECT COUNT(*) FROM clips c JOIN recordings r ON r.id = c.recording_id WHERE r.case_id = y.case_id AND r.cycle = y.number),
		(SELECT COUNT(*) FROM films f WHERE f.case_id = y.case_id AND f.cycle = y.number
			AND EXISTS (SELECT 1 FROM film_items i WHERE i.film_id = f.id AND i.kind <> 'title')),
		CASE WHEN y.parent_words <> '' OR y.next_steps <> '' THEN 1 ELSE 0 END
		FROM cycles y WHERE y.case_id = ? AND y.number = ?`, caseID, number).Scan(&w.Recordings, &w.Clips, &w.Films, &reviewed)
	w.Reviewed = reviewed == 1
	return w, err
}

// FollowWork moves a case's cycle to the state its work puts it in (see
// domain.Cycle.FollowWork), noting by whom and when. Cycle 0 (work done
// outside the cycles) and a case without that cycle change nothing.
func (tx *Tx) FollowWork(ctx context.Context, caseID string, number int, by string) error {
	if number <= 0 {
		return nil
	}
	if stage, err := tx.CaseStage(ctx, caseID); err != nil || stage != domain.StageCycles {
		return err // after the cycles, their states stay as they were closed
	}
	c, err := scanCycle(tx.queryRow(ctx, cycleRead+`WHERE y.case_id = ? AND y.number = ?`, caseID, number))
	if IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	w, err := tx.CycleWork(ctx, caseID, number)
	if err != nil {
		return err
	}
	status, source, ok := c.FollowWork(w)
	if !ok {
		return nil
	}
	if source == "" {
		by = ""
	}
	_, err = tx.exec(ctx, `UPDATE cycles SET status = ?, status_source = ?, status_by = ?, status_at = ?, updated_at = ?
		WHERE id = ? AND status = ?`, status, source, by, ms(tx.now), ms(tx.now), c.ID, c.Status)
	return err
}
