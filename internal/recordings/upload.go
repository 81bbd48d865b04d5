package recordings

import (
	"context"
	"log/slog"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// UploadTarget checks, on every upload request, that the caller may still
// add films to the case, and returns the recording waiting for its bytes
// with the key they are sealed under; ErrAlreadyUploaded (with the
// recording) once its upload has finished.
func (s *Service) UploadTarget(ctx context.Context, a accounts.Actor, id string) (*domain.Recording, vault.FileKey, error) {
	var r *domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		r, err = Load(ctx, tx, a, id, casework.WantEdit)
		return err
	})
	if err != nil {
		return nil, vault.FileKey{}, err
	}
	if r.Status != domain.RecordingUploading || r.UploadKey == nil {
		return r, vault.FileKey{}, ErrAlreadyUploaded
	}
	key, err := s.Keys.Unwrap(r.UploadKey)
	return r, key, err
}

// ErrAlreadyUploaded: the upload finished before (the recording returned
// with it is processing, ready or failed). A client that lost the answer to
// its last PATCH learns from HEAD that everything arrived.
var ErrAlreadyUploaded = domain.Errorf(domain.ECONFLICT, "This recording has already been uploaded. Open it from the case page.")

// progressEvery limits how often upload progress is written.
const progressEvery = time.Second

// UploadProgress records how much of an upload is safely stored.
func (s *Service) UploadProgress(ctx context.Context, id string, offset, size int64) {
	if size <= 0 {
		return
	}
	s.mu.Lock()
	last := s.lastProgress[id]
	due := time.Since(last) >= progressEvery || offset == size
	if due {
		if s.lastProgress == nil {
			s.lastProgress = map[string]time.Time{}
		}
		s.lastProgress[id] = time.Now()
	}
	s.mu.Unlock()
	if !due {
		return
	}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.SetRecordingProgress(ctx, id, domain.RecordingUploading, float64(offset)/float64(size))
	})
	if err != nil {
		slog.WarnContext(ctx, "recording upload progress", "recording", id, "err", err)
	}
}

// UploadFinished records the original (its bytes are now in the blob store,
// sealed under the upload key), and schedules processing in the same
// transaction, so a finished upload is always processed.
func (s *Service) UploadFinished(ctx context.Context, id, blobKey string, size int64) error {
	s.mu.Lock()
	delete(s.lastProgress, id)
	s.mu.Unlock()
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordingByID(ctx, id)
		if err != nil {
			return err
		}
		if r.UploadKey == nil { // finished before: nothing to do again
			return nil
		}
		f := &domain.StoredFile{ID: id, RecordingID: id, Kind: domain.FileOriginal, BlobKey: blobKey,
			WrappedKey: r.UploadKey, Size: size}
		if err := tx.AddFile(ctx, f); err != nil {
			return err
		}
		r.UploadKey, r.Status, r.Progress = nil, domain.RecordingProcessing, 0
		if err := tx.UpdateRecording(ctx, r); err != nil {
			return err
		}
		if err := s.Enqueue(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: r.UploaderID, Action: "recording.uploaded", ObjectType: "recording",
			ObjectID: id, CaseID: r.CaseID})
	})
}
