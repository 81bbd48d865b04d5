package store

import (
	"context"
	"database/sql"

	"github.com/attune-vig/attune/internal/domain"
)

const annotationCols = `id, recording_id, scheme_id, code, start_frame, end_frame, participant_id, goal_id, note,
	version, seq, deleted, created_by, created_at, updated_at, coding_id`

// NextAnnotationSeq advances a recording's change sequence and returns the
// new value. The cursor row stays locked until the transaction ends, so
// changes to one recording commit in the order of their sequence numbers and
// a client polling "after n" never skips one.
func (tx *Tx) NextAnnotationSeq(ctx context.Context, recordingID string) (int64, error) {
	if _, err := tx.exec(ctx, `INSERT INTO annotation_cursors (recording_id, seq) VALUES (?, 0)
		ON CONFLICT (recording_id) DO NOTHING`, recordingID); err != nil {
		return 0, err
	}
	var seq int64
	err := tx.queryRow(ctx, `UPDATE annotation_cursors SET seq = seq + 1 WHERE recording_id = ? RETURNING seq`, recordingID).Scan(&seq)
	return seq, err
}

// AnnotationCursor is a recording's latest change sequence (0 before any).
func (tx *Tx) AnnotationCursor(ctx context.Context, recordingID string) (int64, error) {
	var seq int64
	err := tx.queryRow(ctx, `SELECT seq FROM annotation_cursors WHERE recording_id = ?`, recordingID).Scan(&seq)
	if IsNotFound(err) {
		return 0, nil
	}
	return seq, err
}

// CreateAnnotation inserts an annotation (its Seq already taken).
func (tx *Tx) CreateAnnotation(ctx context.Context, a *domain.Annotation) error {
	a.CreatedAt, a.UpdatedAt = tx.now, tx.now
	note, err := tx.sealAnnotationNote(ctx, a)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO annotations (`+annotationCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		a.ID, a.RecordingID, a.SchemeID, a.Code, a.StartFrame, a.EndFrame, a.ParticipantID, a.GoalID, note,
		a.Version, a.Seq, boolInt(a.Deleted), a.CreatedBy, ms(a.CreatedAt), ms(a.UpdatedAt), a.CodingID)
	return err
}

// UpdateAnnotation writes a live annotation if it is still at version
// a.Version-1 (the caller has bumped it); false when another change came first.
func (tx *Tx) UpdateAnnotation(ctx context.Context, a *domain.Annotation) (bool, error) {
	a.UpdatedAt = tx.now
	note, err := tx.sealAnnotationNote(ctx, a)
	if err != nil {
		return false, err
	}
	res, err := tx.exec(ctx, `UPDATE annotations SET code=?, start_frame=?, end_frame=?, participant_id=?, goal_id=?, note=?,
		version=?, seq=?, updated_at=? WHERE id=? AND version=? AND deleted=0`,
		a.Code, a.StartFrame, a.EndFrame, a.ParticipantID, a.GoalID, note, a.Version, a.Seq, ms(a.UpdatedAt), a.ID, a.Version-1)
	return oneRow(res, err)
}

// TombstoneAnnotation turns an annotation into a tombstone at seq: its
// content is erased, its id and sequence stay for polling clients.
func (tx *Tx) TombstoneAnnotation(ctx context.Context, id string, seq int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE annotations SET deleted=1, note='', participant_id='', goal_id='', version=version+1,
		seq=?, updated_at=? WHERE id=? AND deleted=0`, seq, ms(tx.now), id)
	return oneRow(res, err)
}

// sealAnnotationNote seals an annotation's note with its recording's case key.
func (tx *Tx) sealAnnotationNote(ctx context.Context, a *domain.Annotation) (string, error) {
	if a.Note == "" {
		return "", nil
	}
	caseID, err := tx.caseOf(ctx, caseOfRecording, a.RecordingID)
	if err != nil {
		return "", err
	}
	return tx.sealCaseText(caseID, fieldAnnotationNote, a.Note)
}

func oneRow(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// AnnotationByID finds a live annotation; ErrNoRows when there is none.
func (tx *Tx) AnnotationByID(ctx context.Context, id string) (*domain.Annotation, error) {
	return tx.openAnnotation(scanAnnotation(tx.queryRow(ctx, `SELECT `+annotationCols+` FROM annotations WHERE id = ? AND deleted = 0`, id)))
}

// AnnotationFilter narrows a recording's annotations; empty fields match
// all, except CodingID: "" is the main coding (domain.MainCoding), so what
// reads a recording's moments without naming a coding reads the main one.
type AnnotationFilter struct {
	CodingID      string
	Code          string // a code also matches its sub-codes
	ParticipantID string
	GoalID        string
}

// Annotations lists a recording's live annotations in time order.
func (tx *Tx) Annotations(ctx context.Context, recordingID string, f AnnotationFilter) ([]*domain.Annotation, error) {
	q := `SELECT ` + annotationCols + ` FROM annotations WHERE recording_id = ? AND coding_id = ? AND deleted = 0`
	args := []any{recordingID, f.CodingID}
	if f.Code != "" {
		q += ` AND (code = ? OR code LIKE ?)`
		args = append(args, f.Code, f.Code+"/%") // codes hold no % or _ (the scheme rules)
	}
	if f.ParticipantID != "" {
		q += ` AND participant_id = ?`
		args = append(args, f.ParticipantID)
	}
	if f.GoalID != "" {
		q += ` AND goal_id = ?`
		args = append(args, f.GoalID)
	}
	return tx.annotations(ctx, q+` ORDER BY start_frame, end_frame, id`, args...)
}

// AnnotationChanges lists the annotations of one of a recording's codings
// (tombstones included) changed after seq, in sequence order, at most limit.
// The sequence is the recording's, shared by its codings, so a coding's
// feed may skip numbers.
func (tx *Tx) AnnotationChanges(ctx context.Context, recordingID, codingID string, after int64, limit int) ([]*domain.Annotation, error) {
	return tx.annotations(ctx, `SELECT `+annotationCols+` FROM annotations WHERE recording_id = ? AND coding_id = ? AND seq > ?
		ORDER BY seq LIMIT ?`, recordingID, codingID, after, limit)
}

func (tx *Tx) annotations(ctx context.Context, q string, args ...any) ([]*domain.Annotation, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Annotation
	for rows.Next() {
		a, err := tx.openAnnotation(scanAnnotation(rows))
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (tx *Tx) openAnnotation(a *domain.Annotation, err error) (*domain.Annotation, error) {
	if err != nil {
		return a, err
	}
	return a, tx.openText(fieldAnnotationNote, &a.Note)
}

func scanAnnotation(row interface{ Scan(...any) error }) (*domain.Annotation, error) {
	var a domain.Annotation
	var deleted int
	var created, updated int64
	err := row.Scan(&a.ID, &a.RecordingID, &a.SchemeID, &a.Code, &a.StartFrame, &a.EndFrame, &a.ParticipantID, &a.GoalID,
		&a.Note, &a.Version, &a.Seq, &deleted, &a.CreatedBy, &created, &updated, &a.CodingID)
	if err != nil {
		return nil, err
	}
	a.Deleted, a.CreatedAt, a.UpdatedAt = deleted == 1, fromMS(created), fromMS(updated)
	return &a, nil
}
