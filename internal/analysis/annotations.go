package analysis

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// AnnotationInput is what a caller sends; nil fields are not given (for a
// change: left as they are).
type AnnotationInput struct {
	StartFrame    *int
	EndFrame      *int
	Code          *string
	Note          *string
	ParticipantID *string
	GoalID        *string
	Version       *int   // required for a change: the version it was based on
	CodingID      string // for a new moment: the coding it belongs to; "" the main one
}

// ConflictError is a change based on an old version; Current is the
// annotation as it is now, so the client can merge and try again.
type ConflictError struct {
	Err     *domain.Error
	Current *domain.Annotation
}

func (e *ConflictError) Error() string { return e.Err.Error() }

// Unwrap gives the coded error (ECONFLICT, 409) with its public message.
func (e *ConflictError) Unwrap() error { return e.Err }

// CreateAnnotation codes a moment of a ready recording.
func (s *Service) CreateAnnotation(ctx context.Context, a accounts.Actor, recordingID string, in AnnotationInput) (an *domain.Annotation, err error) {
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		an, err = s.CreateAnnotationTx(ctx, tx, a, recordingID, in)
		return err
	})
	return an, err
}

// CreateAnnotationTx is CreateAnnotation inside the caller's transaction.
func (s *Service) CreateAnnotationTx(ctx context.Context, tx *store.Tx, a accounts.Actor, recordingID string, in AnnotationInput) (*domain.Annotation, error) {
	if in.StartFrame == nil {
		return nil, domain.FieldError("start_frame", "\"start_frame\" is required: the frame number the moment starts at (from 0).")
	}
	if in.Code == nil {
		return nil, domain.FieldError("code", "\"code\" is required: a code of the coding scheme, e.g. \"receiving-initiatives\".")
	}
	an := &domain.Annotation{ID: auth.NewID(), RecordingID: recordingID, CodingID: in.CodingID, SchemeID: domain.DefaultSchemeID,
		Version: 1, CreatedBy: a.ID()}
	apply(an, in)
	if in.EndFrame == nil {
		an.EndFrame = an.StartFrame
	}
	if _, err := codingAccess(ctx, tx, a, recordingID, in.CodingID, true); err != nil {
		return nil, err
	}
	rec, err := readyRecording(ctx, tx, a, recordingID, casework.WantView)
	if err != nil {
		return nil, err
	}
	return an, s.insertAnnotation(ctx, tx, a, rec, an)
}

func (s *Service) insertAnnotation(ctx context.Context, tx *store.Tx, a accounts.Actor, rec *domain.Recording, an *domain.Annotation) error {
	an.SchemeID = rec.SchemeID
	if err := checkAnnotation(ctx, tx, rec, an, ""); err != nil {
		return err
	}
	var err error
	if an.Seq, err = tx.NextAnnotationSeq(ctx, rec.ID); err != nil {
		return err
	}
	if err := tx.CreateAnnotation(ctx, an); err != nil {
		return err
	}
	return audit(ctx, tx, a, "annotation.create", "annotation", an.ID, rec)
}

// UpdateAnnotation changes an annotation. in.Version must be the version the
// change was based on; if another change came first the answer is a
// *ConflictError holding the annotation as it is now, and nothing is written.
func (s *Service) UpdateAnnotation(ctx context.Context, a accounts.Actor, id string, in AnnotationInput) (*domain.Annotation, error) {
	if in.Version == nil {
		return nil, domain.FieldError("version", "\"version\" is required: the version of the annotation your change is based on.")
	}
	var out *domain.Annotation
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, cur, err := s.annotationFor(ctx, tx, a, id, casework.WantEdit)
		if err != nil {
			return err
		}
		out = cur
		if cur.Version != *in.Version {
			return conflict(cur)
		}
		an, oldCode := cur, cur.Code
		apply(an, in)
		an.Version++
		return s.saveAnnotation(ctx, tx, a, rec, an, oldCode)
	})
	return out, err
}

func (s *Service) saveAnnotation(ctx context.Context, tx *store.Tx, a accounts.Actor, rec *domain.Recording, an *domain.Annotation, oldCode string) error {
	if err := checkAnnotation(ctx, tx, rec, an, oldCode); err != nil {
		return err
	}
	var err error
	if an.Seq, err = tx.NextAnnotationSeq(ctx, rec.ID); err != nil {
		return err
	}
	ok, err := tx.UpdateAnnotation(ctx, an)
	if err != nil {
		return err
	}
	if !ok { // changed between our read and write (another server)
		cur, err := tx.AnnotationByID(ctx, an.ID)
		if err != nil {
			return domain.NotFound("annotation")
		}
		return conflict(cur)
	}
	return audit(ctx, tx, a, "annotation.update", "annotation", an.ID, rec)
}

func conflict(cur *domain.Annotation) error {
	return &ConflictError{Current: cur, Err: domain.Errorf(domain.ECONFLICT,
		"Someone changed this annotation since you loaded it (it is now version %d). Its current state is in \"current\": merge your change into it and send it again with that version.", cur.Version)}
}

// DeleteAnnotation removes an annotation; a tombstone stays in the changes
// feed. version, when given, must be the current one.
func (s *Service) DeleteAnnotation(ctx context.Context, a accounts.Actor, id string, version *int) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, cur, err := s.annotationFor(ctx, tx, a, id, casework.WantEdit)
		if err != nil {
			return err
		}
		if version != nil && cur.Version != *version {
			return conflict(cur)
		}
		seq, err := tx.NextAnnotationSeq(ctx, rec.ID)
		if err != nil {
			return err
		}
		if ok, err := tx.TombstoneAnnotation(ctx, id, seq); err != nil || !ok {
			return firstErr(err, domain.NotFound("annotation"))
		}
		return audit(ctx, tx, a, "annotation.delete", "annotation", id, rec)
	})
}

// annotationFor loads a live annotation and its recording for the caller.
func (s *Service) annotationFor(ctx context.Context, tx *store.Tx, a accounts.Actor, id, want string) (*domain.Recording, *domain.Annotation, error) {
	an, err := tx.AnnotationByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, nil, domain.NotFound("annotation")
	} else if err != nil {
		return nil, nil, err
	}
	rec, err := codingAccess(ctx, tx, a, an.RecordingID, an.CodingID, want != casework.WantView)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil, domain.NotFound("annotation")
	}
	return rec, an, err
}

// Annotation returns one annotation the caller may see.
func (s *Service) Annotation(ctx context.Context, a accounts.Actor, id string) (*domain.Annotation, error) {
	var an *domain.Annotation
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		_, an, err = s.annotationFor(ctx, tx, a, id, casework.WantView)
		return err
	})
	return an, err
}

// Annotations lists a recording's annotations (filtered), with the
// recording's change cursor at that moment: poll Changes from it.
func (s *Service) Annotations(ctx context.Context, a accounts.Actor, recordingID string, f store.AnnotationFilter) ([]*domain.Annotation, int64, error) {
	var out []*domain.Annotation
	var cursor int64
	var rec *domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if rec, err = codingAccess(ctx, tx, a, recordingID, f.CodingID, false); err != nil {
			return err
		}
		if cursor, err = tx.AnnotationCursor(ctx, recordingID); err != nil {
			return err
		}
		out, err = tx.Annotations(ctx, recordingID, f)
		return err
	})
	if err == nil {
		err = s.DB.AuditView(ctx, entry(a, "annotation.list", "recording", recordingID, rec))
	}
	return out, cursor, err
}

// ChangesPage is the most changes one poll returns; More says there are more.
const ChangesPage = 500

// Changes lists what changed on a recording's annotations after cursor:
// each changed annotation as it is now, a deleted one as a tombstone. The
// returned cursor is where to poll from next. Each poll shows notes, so it
// is a viewing; within a request the router admits one entry per viewer
// and window (domain.ViewGate), so a workspace polling every few seconds
// writes one entry, not one per poll.
func (s *Service) Changes(ctx context.Context, a accounts.Actor, recordingID, codingID string, after int64) (changes []*domain.Annotation, cursor int64, more bool, err error) {
	var rec *domain.Recording
	err = s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if rec, err = codingAccess(ctx, tx, a, recordingID, codingID, false); err != nil {
			return err
		}
		if changes, err = tx.AnnotationChanges(ctx, recordingID, codingID, after, ChangesPage+1); err != nil {
			return err
		}
		if more = len(changes) > ChangesPage; more {
			changes = changes[:ChangesPage]
		}
		cursor = after
		if len(changes) > 0 {
			cursor = changes[len(changes)-1].Seq
		}
		return nil
	})
	if err == nil {
		err = s.DB.AuditView(ctx, entry(a, "annotation.changes", "recording", recordingID, rec))
	}
	return changes, cursor, more, err
}

func apply(an *domain.Annotation, in AnnotationInput) {
	set(&an.StartFrame, in.StartFrame)
	set(&an.EndFrame, in.EndFrame)
	set(&an.Code, in.Code)
	set(&an.Note, in.Note)
	set(&an.ParticipantID, in.ParticipantID)
	set(&an.GoalID, in.GoalID)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
