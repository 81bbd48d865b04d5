package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// CreateSupervisionSession stores a session and what it discussed.
func (tx *Tx) CreateSupervisionSession(ctx context.Context, s *domain.SupervisionSession) error {
	s.CreatedAt = tx.now
	points, err := tx.sealText(fieldLearningPoints, s.LearningPoints) // no one case: the master key
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO supervision_sessions (id, supervisor_id, trainee_id, held_on, minutes, mode, learning_points, recorded_by, created_at)
		VALUES (?,?,?,?,?,?,?,?,?)`, s.ID, s.SupervisorID, s.TraineeID, s.HeldOn, s.Minutes, s.Mode, points, s.RecordedBy, ms(s.CreatedAt))
	if err != nil {
		return err
	}
	for kind, ids := range map[string][]string{"case": s.CaseIDs, "share": s.ShareIDs} {
		for _, id := range ids {
			if _, err := tx.exec(ctx, `INSERT INTO supervision_session_items (session_id, kind, item_id) VALUES (?,?,?)`, s.ID, kind, id); err != nil {
				return err
			}
		}
	}
	return nil
}

const sessionCols = `x.id, x.supervisor_id, s.name, x.trainee_id, t.name, x.held_on, x.minutes, x.mode, x.learning_points,
	x.recorded_by, x.created_at FROM supervision_sessions x JOIN users s ON s.id = x.supervisor_id JOIN users t ON t.id = x.trainee_id`

// SupervisionSessionsOf lists the sessions a user took part in (as trainee
// or supervisor), newest first.
func (tx *Tx) SupervisionSessionsOf(ctx context.Context, userID string) ([]*domain.SupervisionSession, error) {
	rows, err := tx.query(ctx, `SELECT `+sessionCols+` WHERE x.trainee_id = ? OR x.supervisor_id = ? ORDER BY x.held_on DESC, x.created_at DESC`, userID, userID)
	if err != nil {
		return nil, err
	}
	var out []*domain.SupervisionSession
	for rows.Next() {
		var s domain.SupervisionSession
		var at int64
		if err := rows.Scan(&s.ID, &s.SupervisorID, &s.SupervisorName, &s.TraineeID, &s.TraineeName, &s.HeldOn, &s.Minutes, &s.Mode,
			&s.LearningPoints, &s.RecordedBy, &at); err != nil {
			rows.Close()
			return nil, err
		}
		if err := tx.openText(fieldLearningPoints, &s.LearningPoints); err != nil {
			rows.Close()
			return nil, err
		}
		s.CreatedAt = fromMS(at)
		out = append(out, &s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, s := range out {
		if s.CaseIDs, err = tx.strings(ctx, `SELECT item_id FROM supervision_session_items WHERE session_id = ? AND kind = 'case' ORDER BY item_id`, s.ID); err != nil {
			return nil, err
		}
		if s.ShareIDs, err = tx.strings(ctx, `SELECT item_id FROM supervision_session_items WHERE session_id = ? AND kind = 'share' ORDER BY item_id`, s.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
