package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const recordingCols = `id, case_id, uploader_id, filename, size, status, progress, error, duration_ms,
	frame_count, fps, width, height, upload_key, cycle, scheme_id, created_at, updated_at`

// CreateRecording inserts a recording, normally in state "uploading".
func (tx *Tx) CreateRecording(ctx context.Context, r *domain.Recording) error {
	r.CreatedAt, r.UpdatedAt = tx.now, tx.now
	if r.SchemeID == "" {
		r.SchemeID = domain.DefaultSchemeID
	}
	filename, err := tx.sealCaseText(r.CaseID, fieldFilename, r.Filename)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO recordings (`+recordingCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		r.ID, r.CaseID, r.UploaderID, filename, r.Size, r.Status, r.Progress, r.Error, r.DurationMS,
		r.FrameCount, r.FPS, r.Width, r.Height, r.UploadKey, r.Cycle, r.SchemeID, ms(r.CreatedAt), ms(r.UpdatedAt))
	return err
}

// UpdateRecording writes every mutable field of a recording.
func (tx *Tx) UpdateRecording(ctx context.Context, r *domain.Recording) error {
	r.UpdatedAt = tx.now
	_, err := tx.exec(ctx, `UPDATE recordings SET status=?, progress=?, error=?, duration_ms=?, frame_count=?, fps=?,
		width=?, height=?, upload_key=?, updated_at=? WHERE id=?`, r.Status, r.Progress, r.Error, r.DurationMS, r.FrameCount, r.FPS,
		r.Width, r.Height, r.UploadKey, ms(r.UpdatedAt), r.ID)
	return err
}

// SetRecordingProgress records progress within the current state, cheaply.
func (tx *Tx) SetRecordingProgress(ctx context.Context, id, status string, progress float64) error {
	_, err := tx.exec(ctx, `UPDATE recordings SET status=?, progress=?, updated_at=? WHERE id=?`, status, progress, ms(tx.now), id)
	return err
}

// RecordingByID finds a recording; ErrNoRows when there is none.
func (tx *Tx) RecordingByID(ctx context.Context, id string) (*domain.Recording, error) {
	return tx.openRecording(scanRecording(tx.queryRow(ctx, `SELECT `+recordingCols+` FROM recordings WHERE id = ?`, id)))
}

// CaseRecordings lists a case's recordings, oldest first.
func (tx *Tx) CaseRecordings(ctx context.Context, caseID string) ([]*domain.Recording, error) {
	return tx.recordings(ctx, `SELECT `+recordingCols+` FROM recordings WHERE case_id = ? ORDER BY created_at, id`, caseID)
}

func (tx *Tx) recordings(ctx context.Context, q string, args ...any) ([]*domain.Recording, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Recording
	for rows.Next() {
		r, err := tx.openRecording(scanRecording(rows))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CaseRecordingIDs lists the ids of a case's recordings, oldest first; it
// opens nothing, so it also answers for a case whose key was destroyed.
func (tx *Tx) CaseRecordingIDs(ctx context.Context, caseID string) ([]string, error) {
	return tx.strings(ctx, `SELECT id FROM recordings WHERE case_id = ? ORDER BY created_at, id`, caseID)
}

// UploaderBytes sums the declared sizes of a user's recordings, for the quota.
func (tx *Tx) UploaderBytes(ctx context.Context, userID string) (int64, error) {
	var n int64
	err := tx.queryRow(ctx, `SELECT COALESCE(SUM(size), 0) FROM recordings WHERE uploader_id = ?`, userID).Scan(&n)
	return n, err
}

// DeleteRecording removes a recording and, by cascade, its file rows (and so
// the wrapped keys). Callers delete the blobs.
func (tx *Tx) DeleteRecording(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM recordings WHERE id = ?`, id)
	return err
}

func (tx *Tx) openRecording(r *domain.Recording, err error) (*domain.Recording, error) {
	if err != nil {
		return r, err
	}
	return r, tx.openText(fieldFilename, &r.Filename)
}

func scanRecording(row interface{ Scan(...any) error }) (*domain.Recording, error) {
	var r domain.Recording
	var created, updated int64
	err := row.Scan(&r.ID, &r.CaseID, &r.UploaderID, &r.Filename, &r.Size, &r.Status, &r.Progress, &r.Error,
		&r.DurationMS, &r.FrameCount, &r.FPS, &r.Width, &r.Height, &r.UploadKey, &r.Cycle, &r.SchemeID, &created, &updated)
	if err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return &r, nil
}

// UploadingRecordings lists recordings still being uploaded, for rotation.
func (tx *Tx) UploadingRecordings(ctx context.Context) ([]*domain.Recording, error) {
	return tx.recordings(ctx, `SELECT `+recordingCols+` FROM recordings WHERE upload_key IS NOT NULL`)
}

// CurrentCycle is the number of the cycle under way on a case: the first
// one not yet reviewed or cancelled while the case is in its cycles; 0 when
// there is none.
func (tx *Tx) CurrentCycle(ctx context.Context, caseID string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COALESCE((SELECT y.number FROM cycles y JOIN case_stages st ON st.case_id = y.case_id
		WHERE y.case_id = ? AND st.stage = 'cycles' AND y.status IN ('planned','filmed','edited') ORDER BY y.number LIMIT 1), 0)`, caseID).Scan(&n)
	return n, err
}

// SetRecordingScheme chooses the coding scheme a recording is coded with.
func (tx *Tx) SetRecordingScheme(ctx context.Context, id, schemeID string) error {
	_, err := tx.exec(ctx, `UPDATE recordings SET scheme_id = ?, updated_at = ? WHERE id = ?`, schemeID, ms(tx.now), id)
	return err
}

// RecordingCoded counts a recording's moments (not deleted) and clips.
func (tx *Tx) RecordingCoded(ctx context.Context, id string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM annotations WHERE recording_id = ? AND deleted = 0)
		+ (SELECT COUNT(*) FROM clips WHERE recording_id = ?)`, id, id).Scan(&n)
	return n, err
}

// SetRecordingCycle puts a recording in a cycle of its case (0: none).
func (tx *Tx) SetRecordingCycle(ctx context.Context, id string, number int) error {
	_, err := tx.exec(ctx, `UPDATE recordings SET cycle = ?, updated_at = ? WHERE id = ?`, number, ms(tx.now), id)
	return err
}
