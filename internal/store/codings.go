package store

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

const codingCols = `id, recording_id, coder_id, started_by, source, done_at, main_done_at, opened_at, opened_by, created_at, coder_label`

// CreateCoding starts a second coding of a recording.
func (tx *Tx) CreateCoding(ctx context.Context, c *domain.Coding) error {
	c.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO codings (`+codingCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		c.ID, c.RecordingID, c.CoderID, c.StartedBy, c.Source, optMS(c.DoneAt), optMS(c.MainDoneAt), optMS(c.OpenedAt),
		c.OpenedBy, ms(c.CreatedAt), c.CoderLabel)
	return err
}

// CodingByID finds a coding; ErrNoRows when there is none.
func (tx *Tx) CodingByID(ctx context.Context, id string) (*domain.Coding, error) {
	return scanCoding(tx.queryRow(ctx, `SELECT `+codingCols+` FROM codings WHERE id = ?`, id))
}

// Codings lists a recording's second codings, oldest first.
func (tx *Tx) Codings(ctx context.Context, recordingID string) ([]*domain.Coding, error) {
	return tx.codings(ctx, `SELECT `+codingCols+` FROM codings WHERE recording_id = ? ORDER BY created_at, id`, recordingID)
}

// CodingsOf lists the second codings a person coded, oldest first.
func (tx *Tx) CodingsOf(ctx context.Context, coderID string) ([]*domain.Coding, error) {
	return tx.codings(ctx, `SELECT `+codingCols+` FROM codings WHERE coder_id = ? ORDER BY created_at, id`, coderID)
}

// CodingsStartedBy lists the second codings of recordings a person coded
// first (they started the comparison), oldest first.
func (tx *Tx) CodingsStartedBy(ctx context.Context, userID string) ([]*domain.Coding, error) {
	return tx.codings(ctx, `SELECT `+codingCols+` FROM codings WHERE started_by = ? ORDER BY created_at, id`, userID)
}

// MarkCodingDone records that one side of a comparison finished: the second
// coder (main false) or the main coder (main true). Marking twice keeps
// the first time.
func (tx *Tx) MarkCodingDone(ctx context.Context, id string, main bool) error {
	col := "done_at"
	if main {
		col = "main_done_at"
	}
	_, err := tx.exec(ctx, `UPDATE codings SET `+col+` = ? WHERE id = ? AND `+col+` = 0`, ms(tx.now), id)
	return err
}

// OpenCoding lifts the blind rule of a comparison before both are done.
func (tx *Tx) OpenCoding(ctx context.Context, id, by string) error {
	_, err := tx.exec(ctx, `UPDATE codings SET opened_at = ?, opened_by = ? WHERE id = ? AND opened_at = 0`, ms(tx.now), by, id)
	return err
}

// CodingMoments counts a coding's live moments.
func (tx *Tx) CodingMoments(ctx context.Context, recordingID, codingID string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM annotations WHERE recording_id = ? AND coding_id = ? AND deleted = 0`,
		recordingID, codingID).Scan(&n)
	return n, err
}

func (tx *Tx) codings(ctx context.Context, q string, args ...any) ([]*domain.Coding, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Coding
	for rows.Next() {
		c, err := scanCoding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanCoding(row interface{ Scan(...any) error }) (*domain.Coding, error) {
	var c domain.Coding
	var done, mainDone, opened, created int64
	err := row.Scan(&c.ID, &c.RecordingID, &c.CoderID, &c.StartedBy, &c.Source, &done, &mainDone, &opened, &c.OpenedBy, &created, &c.CoderLabel)
	if err != nil {
		return nil, err
	}
	c.DoneAt, c.MainDoneAt, c.OpenedAt, c.CreatedAt = fromOptMS(done), fromOptMS(mainDone), fromOptMS(opened), fromMS(created)
	return &c, nil
}

// optMS is a time in milliseconds, 0 for the zero time (not yet).
func optMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

func fromOptMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}
