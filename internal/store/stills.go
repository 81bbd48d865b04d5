package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const stillCols = `id, recording_id, frame, caption, status, error, width, height, created_by, created_at, updated_at`

// CreateStill inserts a still, normally "processing".
func (tx *Tx) CreateStill(ctx context.Context, s *domain.Still) error {
	s.CreatedAt, s.UpdatedAt = tx.now, tx.now
	caption, err := tx.sealStillCaption(ctx, s)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO stills (`+stillCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		s.ID, s.RecordingID, s.Frame, caption, s.Status, s.Error, s.Width, s.Height, s.CreatedBy, ms(s.CreatedAt), ms(s.UpdatedAt))
	return err
}

// UpdateStill writes a still's caption, state and size.
func (tx *Tx) UpdateStill(ctx context.Context, s *domain.Still) error {
	s.UpdatedAt = tx.now
	caption, err := tx.sealStillCaption(ctx, s)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE stills SET caption=?, status=?, error=?, width=?, height=?, updated_at=? WHERE id=?`,
		caption, s.Status, s.Error, s.Width, s.Height, ms(s.UpdatedAt), s.ID)
	return err
}

// sealStillCaption seals a still's caption with its recording's case key.
func (tx *Tx) sealStillCaption(ctx context.Context, s *domain.Still) (string, error) {
	if s.Caption == "" {
		return "", nil
	}
	caseID, err := tx.caseOf(ctx, caseOfRecording, s.RecordingID)
	if err != nil {
		return "", err
	}
	return tx.sealCaseText(caseID, fieldStillCaption, s.Caption)
}

// DeleteStill removes a still's row (its file row is deleted by the caller).
func (tx *Tx) DeleteStill(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM stills WHERE id = ?`, id)
	return err
}

// StillByID finds a still; ErrNoRows when there is none.
func (tx *Tx) StillByID(ctx context.Context, id string) (*domain.Still, error) {
	return tx.openStill(scanStill(tx.queryRow(ctx, `SELECT `+stillCols+` FROM stills WHERE id = ?`, id)))
}

// Stills lists a recording's stills, oldest first.
func (tx *Tx) Stills(ctx context.Context, recordingID string) ([]*domain.Still, error) {
	rows, err := tx.query(ctx, `SELECT `+stillCols+` FROM stills WHERE recording_id = ? ORDER BY created_at, id`, recordingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Still
	for rows.Next() {
		s, err := tx.openStill(scanStill(rows))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (tx *Tx) openStill(s *domain.Still, err error) (*domain.Still, error) {
	if err != nil {
		return s, err
	}
	return s, tx.openText(fieldStillCaption, &s.Caption)
}

func scanStill(row interface{ Scan(...any) error }) (*domain.Still, error) {
	var s domain.Still
	var created, updated int64
	err := row.Scan(&s.ID, &s.RecordingID, &s.Frame, &s.Caption, &s.Status, &s.Error, &s.Width, &s.Height, &s.CreatedBy,
		&created, &updated)
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.UpdatedAt = fromMS(created), fromMS(updated)
	return &s, nil
}
