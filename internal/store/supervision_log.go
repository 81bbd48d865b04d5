package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// AccreditationStages lists the stage rules in order.
func (tx *Tx) AccreditationStages(ctx context.Context) ([]domain.AccreditationStage, error) {
	rows, err := tx.query(ctx, `SELECT number, name, cycles, new_families, supervision_hours, final, updated_by, updated_at
		FROM accreditation_stages ORDER BY number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AccreditationStage
	for rows.Next() {
		var s domain.AccreditationStage
		var final int
		var at int64
		if err := rows.Scan(&s.Number, &s.Name, &s.Cycles, &s.NewFamilies, &s.SupervisionHours, &final, &s.UpdatedBy, &at); err != nil {
			return nil, err
		}
		s.Final, s.UpdatedAt = final != 0, fromMS(at)
		out = append(out, s)
	}
	return out, rows.Err()
}

// ReplaceAccreditationStages writes a whole new set of stage rules.
func (tx *Tx) ReplaceAccreditationStages(ctx context.Context, stages []domain.AccreditationStage, by string) error {
	if _, err := tx.exec(ctx, `DELETE FROM accreditation_stages`); err != nil {
		return err
	}
	for _, s := range stages {
		if _, err := tx.exec(ctx, `INSERT INTO accreditation_stages (number, name, cycles, new_families, supervision_hours, final, updated_by, updated_at)
			VALUES (?,?,?,?,?,?,?,?)`, s.Number, s.Name, s.Cycles, s.NewFamilies, s.SupervisionHours, boolInt(s.Final), by, ms(tx.now)); err != nil {
			return err
		}
	}
	return nil
}

// AddAccreditationMeeting records a stage review or the accreditation
// meeting; a second one of the same kind for the same stage is ECONFLICT.
func (tx *Tx) AddAccreditationMeeting(ctx context.Context, m *domain.AccreditationMeeting) error {
	m.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO accreditation_meetings (id, trainee_id, stage, kind, held_on, reviewer, outcome, recorded_by, created_at)
		VALUES (?,?,?,?,?,?,?,?,?)`, m.ID, m.TraineeID, m.Stage, m.Kind, m.HeldOn, m.Reviewer, m.Outcome, m.RecordedBy, ms(m.CreatedAt))
	if isUniqueViolation(err) {
		return domain.Errorf(domain.ECONFLICT, "This meeting is already in the log for stage %d. Each stage has one review.", m.Stage)
	}
	return err
}

// AccreditationMeetings lists a trainee's meetings, by stage.
func (tx *Tx) AccreditationMeetings(ctx context.Context, traineeID string) ([]domain.AccreditationMeeting, error) {
	rows, err := tx.query(ctx, `SELECT id, trainee_id, stage, kind, held_on, reviewer, outcome, recorded_by, created_at
		FROM accreditation_meetings WHERE trainee_id = ? ORDER BY stage, held_on, kind`, traineeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AccreditationMeeting
	for rows.Next() {
		var m domain.AccreditationMeeting
		var at int64
		if err := rows.Scan(&m.ID, &m.TraineeID, &m.Stage, &m.Kind, &m.HeldOn, &m.Reviewer, &m.Outcome, &m.RecordedBy, &at); err != nil {
			return nil, err
		}
		m.CreatedAt = fromMS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetReflectiveStatement writes a trainee's reflective statement.
func (tx *Tx) SetReflectiveStatement(ctx context.Context, traineeID, body string) error {
	if _, err := tx.exec(ctx, `DELETE FROM reflective_statements WHERE trainee_id = ?`, traineeID); err != nil {
		return err
	}
	body, err := tx.sealText(fieldReflection, body) // no one case: the master key
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO reflective_statements (trainee_id, body, updated_at) VALUES (?,?,?)`, traineeID, body, ms(tx.now))
	return err
}

// ReflectiveStatement reads a trainee's statement; empty when none is written.
func (tx *Tx) ReflectiveStatement(ctx context.Context, traineeID string) (string, error) {
	var body string
	err := tx.queryRow(ctx, `SELECT body FROM reflective_statements WHERE trainee_id = ?`, traineeID).Scan(&body)
	if IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return body, tx.openText(fieldReflection, &body)
}

// ReviewedCycles lists the completed cycles of the cases a user owns, oldest first.
func (tx *Tx) ReviewedCycles(ctx context.Context, ownerID string) ([]domain.ReviewedCycle, error) {
	rows, err := tx.query(ctx, `SELECT c.id, c.reference, y.number, y.updated_at FROM cycles y JOIN cases c ON c.id = y.case_id
		WHERE c.owner_id = ? AND y.status = 'reviewed' ORDER BY y.updated_at, c.id, y.number`, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ReviewedCycle
	for rows.Next() {
		var r domain.ReviewedCycle
		var at int64
		if err := rows.Scan(&r.CaseID, &r.Reference, &r.Number, &at); err != nil {
			return nil, err
		}
		r.ReviewedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
