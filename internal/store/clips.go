package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const clipCols = `id, recording_id, scheme_id, start_frame, end_frame, title, caption, goal_id, working_point, position,
	status, version, created_by, created_at, updated_at`

// ClipCount is how many clips a recording has (the next clip's position).
func (tx *Tx) ClipCount(ctx context.Context, recordingID string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM clips WHERE recording_id = ?`, recordingID).Scan(&n)
	return n, err
}

// CreateClip inserts a clip and its codes.
func (tx *Tx) CreateClip(ctx context.Context, c *domain.Clip) error {
	c.CreatedAt, c.UpdatedAt = tx.now, tx.now
	v, err := tx.sealClip(ctx, c)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO clips (`+clipCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		c.ID, c.RecordingID, c.SchemeID, c.StartFrame, c.EndFrame, v[0], v[1], c.GoalID, boolInt(c.WorkingPoint),
		c.Position, c.Status, c.Version, c.CreatedBy, ms(c.CreatedAt), ms(c.UpdatedAt))
	if err != nil {
		return err
	}
	return tx.insertClipCodes(ctx, c)
}

// UpdateClip writes a clip if it is still at version c.Version-1 (the caller
// has bumped it), with its codes; false when another change came first.
func (tx *Tx) UpdateClip(ctx context.Context, c *domain.Clip) (bool, error) {
	c.UpdatedAt = tx.now
	v, err := tx.sealClip(ctx, c)
	if err != nil {
		return false, err
	}
	res, err := tx.exec(ctx, `UPDATE clips SET start_frame=?, end_frame=?, title=?, caption=?, goal_id=?, working_point=?,
		position=?, status=?, version=?, updated_at=? WHERE id=? AND version=?`,
		c.StartFrame, c.EndFrame, v[0], v[1], c.GoalID, boolInt(c.WorkingPoint), c.Position, c.Status, c.Version,
		ms(c.UpdatedAt), c.ID, c.Version-1)
	ok, err := oneRow(res, err)
	if !ok || err != nil {
		return ok, err
	}
	if _, err := tx.exec(ctx, `DELETE FROM clip_codes WHERE clip_id = ?`, c.ID); err != nil {
		return false, err
	}
	return true, tx.insertClipCodes(ctx, c)
}

// SetClipPosition moves a clip in its recording's order (no version change).
func (tx *Tx) SetClipPosition(ctx context.Context, id string, position int) error {
	_, err := tx.exec(ctx, `UPDATE clips SET position = ? WHERE id = ?`, position, id)
	return err
}

// sealClip seals a clip's title and caption with its recording's case key.
func (tx *Tx) sealClip(ctx context.Context, c *domain.Clip) ([]string, error) {
	caseID, err := tx.caseOf(ctx, caseOfRecording, c.RecordingID)
	if err != nil {
		return nil, err
	}
	return tx.sealEach(caseID, fieldClipTitle, c.Title, fieldClipCaption, c.Caption)
}

func (tx *Tx) insertClipCodes(ctx context.Context, c *domain.Clip) error {
	for i, code := range c.Codes {
		if _, err := tx.exec(ctx, `INSERT INTO clip_codes (clip_id, position, code) VALUES (?,?,?)`, c.ID, i, code); err != nil {
			return err
		}
	}
	return nil
}

// DeleteClip removes a clip and its codes.
func (tx *Tx) DeleteClip(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM clips WHERE id = ?`, id)
	return err
}

// ClipByID finds a clip; ErrNoRows when there is none.
func (tx *Tx) ClipByID(ctx context.Context, id string) (*domain.Clip, error) {
	cs, err := tx.clips(ctx, `SELECT `+clipCols+` FROM clips WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, ErrNoRows
	}
	return cs[0], nil
}

// Clips lists a recording's clips in their order.
func (tx *Tx) Clips(ctx context.Context, recordingID string) ([]*domain.Clip, error) {
	return tx.clips(ctx, `SELECT `+clipCols+` FROM clips WHERE recording_id = ? ORDER BY position, created_at, id`, recordingID)
}

func (tx *Tx) clips(ctx context.Context, q string, args ...any) ([]*domain.Clip, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []*domain.Clip
	byID := map[string]*domain.Clip{}
	for rows.Next() {
		c, err := scanClip(rows)
		if err == nil {
			err = tx.openEach(fieldClipTitle, &c.Title, fieldClipCaption, &c.Caption)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
		byID[c.ID] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.attachClipCodes(ctx, out, byID)
}

func (tx *Tx) attachClipCodes(ctx context.Context, cs []*domain.Clip, byID map[string]*domain.Clip) error {
	for _, c := range cs {
		c.Codes = []string{}
	}
	if len(cs) == 0 {
		return nil
	}
	rows, err := tx.query(ctx, `SELECT cc.clip_id, cc.code FROM clip_codes cc JOIN clips c ON c.id = cc.clip_id
		WHERE c.recording_id = ? ORDER BY cc.clip_id, cc.position`, cs[0].RecordingID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		if c := byID[id]; c != nil {
			c.Codes = append(c.Codes, code)
		}
	}
	return rows.Err()
}

func scanClip(row interface{ Scan(...any) error }) (*domain.Clip, error) {
	var c domain.Clip
	var wp int
	var created, updated int64
	err := row.Scan(&c.ID, &c.RecordingID, &c.SchemeID, &c.StartFrame, &c.EndFrame, &c.Title, &c.Caption, &c.GoalID, &wp,
		&c.Position, &c.Status, &c.Version, &c.CreatedBy, &created, &updated)
	if err != nil {
		return nil, err
	}
	c.WorkingPoint, c.CreatedAt, c.UpdatedAt = wp == 1, fromMS(created), fromMS(updated)
	return &c, nil
}
