package analysis

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
)

// CreateStill asks for one frame of a ready recording as a full-resolution
// image. It is "processing" until the job has decoded it from the original.
func (s *Service) CreateStill(ctx context.Context, a accounts.Actor, recordingID string, frame *int, caption string) (*domain.Still, error) {
	if frame == nil {
		return nil, domain.FieldError("frame", "\"frame\" is required: the number of the frame to keep (from 0).")
	}
	if s.EnqueueStill == nil {
		return nil, errors.New("analysis: no job queue to decode stills")
	}
	st := &domain.Still{ID: auth.NewID(), RecordingID: recordingID, Frame: *frame, Caption: strings.TrimSpace(caption),
		Status: domain.StillProcessing, CreatedBy: a.ID()}
	if n := utf8.RuneCountInString(st.Caption); n > MaxCaption {
		return nil, domain.FieldError("caption", "The caption is %d characters; at most %d fit.", n, MaxCaption)
	}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, err := readyRecording(ctx, tx, a, recordingID, casework.WantEdit)
		if err != nil {
			return err
		}
		if st.Frame < 0 || st.Frame >= rec.FrameCount {
			return domain.FieldError("frame", "Frame %d is outside this recording, whose frames are numbered 0 to %d.", st.Frame, rec.FrameCount-1)
		}
		if err := tx.CreateStill(ctx, st); err != nil {
			return err
		}
		if err := s.EnqueueStill(ctx, tx, st.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "still.create", "still", st.ID, rec)
	})
	return st, err
}

// Still returns one still the caller may see.
func (s *Service) Still(ctx context.Context, a accounts.Actor, id string) (*domain.Still, error) {
	var st *domain.Still
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		_, st, err = s.stillFor(ctx, tx, a, id, casework.WantView)
		return err
	})
	return st, err
}

// Stills lists a recording's stills.
func (s *Service) Stills(ctx context.Context, a accounts.Actor, recordingID string) ([]*domain.Still, error) {
	var out []*domain.Still
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if _, err := recording(ctx, tx, a, recordingID, casework.WantView); err != nil {
			return err
		}
		var err error
		out, err = tx.Stills(ctx, recordingID)
		return err
	})
	return out, err
}

// OpenStillImage opens a ready still's PNG, decrypting as it is read; the
// viewing is audited.
func (s *Service) OpenStillImage(ctx context.Context, a accounts.Actor, id string) (*recordings.File, error) {
	var info *domain.StoredFile
	var rec *domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var st *domain.Still
		var err error
		if rec, st, err = s.stillFor(ctx, tx, a, id, casework.WantView); err != nil {
			return err
		}
		if err := s.Files.CheckFootage(ctx, tx, a, rec.CaseID); err != nil {
			return err
		}
		info, err = stillFile(ctx, tx, st)
		return err
	})
	if err == nil {
		err = s.DB.AuditView(ctx, entry(a, "still.view", "still", id, rec))
	}
	if err != nil {
		return nil, err
	}
	return s.Files.OpenStored(ctx, info)
}

func stillFile(ctx context.Context, tx *store.Tx, st *domain.Still) (*domain.StoredFile, error) {
	switch st.Status {
	case domain.StillFailed:
		return nil, domain.Errorf(domain.ENOTFOUND, "This still couldn't be made: %s", st.Error)
	case domain.StillProcessing:
		return nil, domain.Errorf(domain.ENOTFOUND, "This still is still being made from the original recording. Try again in a few seconds (GET the still to see its status).")
	}
	info, err := tx.FileOfKind(ctx, st.RecordingID, domain.StillFileKind(st.ID))
	if store.IsNotFound(err) {
		return nil, domain.Errorf(domain.ENOTFOUND, "This still's image is missing. Delete the still and take it again.")
	}
	return info, err
}

// DeleteStill removes a still: its row and its file's key in one
// transaction, then the encrypted bytes.
func (s *Service) DeleteStill(ctx context.Context, a accounts.Actor, id string) error {
	var blobKey string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		rec, st, err := s.stillFor(ctx, tx, a, id, casework.WantEdit)
		if err != nil {
			return err
		}
		if blobKey, err = DropStillFile(ctx, tx, st); err != nil {
			return err
		}
		if err := tx.DeleteStill(ctx, id); err != nil {
			return err
		}
		return audit(ctx, tx, a, "still.delete", "still", id, rec)
	})
	if err == nil && blobKey != "" {
		if e := s.Files.Blobs.Delete(context.WithoutCancel(ctx), blobKey); e != nil {
			slog.WarnContext(ctx, "deleting a still's bytes failed; their key is gone, so they stay as an unreadable orphan", "blob", blobKey, "err", e)
		}
	}
	return err
}

// DropStillFile deletes a still's file row (and so its key), returning the
// blob key whose bytes are now unreadable ("" if there was no file).
func DropStillFile(ctx context.Context, tx *store.Tx, st *domain.Still) (string, error) {
	f, err := tx.FileOfKind(ctx, st.RecordingID, domain.StillFileKind(st.ID))
	if store.IsNotFound(err) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return f.BlobKey, tx.DeleteFile(ctx, f.ID)
}

func (s *Service) stillFor(ctx context.Context, tx *store.Tx, a accounts.Actor, id, want string) (*domain.Recording, *domain.Still, error) {
	st, err := tx.StillByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, nil, domain.NotFound("still")
	} else if err != nil {
		return nil, nil, err
	}
	rec, err := owned(ctx, tx, a, st.RecordingID, want, "still")
	return rec, st, err
}
