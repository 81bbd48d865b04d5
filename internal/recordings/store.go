package recordings

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// StoreFile encrypts r under a fresh file key into the blob store, then
// records the file (and its wrapped key) in the database, replacing any
// earlier file of the same kind. The row is written only after the bytes are
// safely stored.
func (s *Service) StoreFile(ctx context.Context, recordingID, kind, contentType string, r io.Reader) (*domain.StoredFile, error) {
	f := &domain.StoredFile{ID: auth.NewID(), RecordingID: recordingID, Kind: kind, ContentType: contentType}
	f.BlobKey = BlobKey(recordingID, f.ID)
	caseID, err := s.caseOf(ctx, recordingID)
	if err != nil {
		return nil, fmt.Errorf("store the %s of recording %s: %w", kind, recordingID, err)
	}
	size, wrapped, err := s.put(ctx, caseID, f.BlobKey, f.ID, r)
	if err != nil {
		return nil, fmt.Errorf("store the %s of recording %s: %w", kind, recordingID, err)
	}
	f.Size, f.WrappedKey = size, wrapped
	var old []*domain.StoredFile
	err = s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		old, err = replaceKind(ctx, tx, f)
		return err
	})
	if err != nil {
		s.deleteBlob(ctx, f.BlobKey)
		return nil, fmt.Errorf("record the %s of recording %s: %w", kind, recordingID, err)
	}
	for _, o := range old {
		s.deleteBlob(ctx, o.BlobKey)
	}
	return f, nil
}

// caseOf returns the case a recording belongs to.
func (s *Service) caseOf(ctx context.Context, recordingID string) (string, error) {
	var caseID string
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordingByID(ctx, recordingID)
		if err == nil {
			caseID = r.CaseID
		}
		return err
	})
	return caseID, err
}

// put encrypts src under a fresh file key, bound to fileID, into the blob
// store at key. The file key is wrapped with the case's footage key
// (vault.WrapFor), destroyed when the case's footage is erased. It returns
// the plaintext size and the wrapped file key.
func (s *Service) put(ctx context.Context, caseID, key, fileID string, src io.Reader) (int64, []byte, error) {
	fk := vault.NewFileKey()
	wrapped, err := s.Keys.WrapFor(vault.Scope{CaseID: caseID, Purpose: vault.PurposeFootage}, fk)
	if err != nil {
		return 0, nil, err
	}
	n, err := vault.PutSealed(src, fk, fileID, func(r io.Reader) error { _, err := s.Blobs.Put(ctx, key, r); return err })
	if err != nil {
		return 0, nil, err
	}
	return n, wrapped, nil
}

// replaceKind deletes the rows of f's kind and adds f; it returns the deleted.
func replaceKind(ctx context.Context, tx *store.Tx, f *domain.StoredFile) ([]*domain.StoredFile, error) {
	all, err := tx.RecordingFiles(ctx, f.RecordingID)
	if err != nil {
		return nil, err
	}
	var old []*domain.StoredFile
	for _, o := range all {
		if o.Kind == f.Kind {
			if err := tx.DeleteFile(ctx, o.ID); err != nil {
				return nil, err
			}
			old = append(old, o)
		}
	}
	return old, tx.AddFile(ctx, f)
}

// deleteBlob removes bytes no row points to; failure only leaves an orphan
// (already unreadable: its key is gone), so it is logged.
func (s *Service) deleteBlob(ctx context.Context, key string) {
	if err := s.Blobs.Delete(context.WithoutCancel(ctx), key); err != nil {
		slog.WarnContext(ctx, "deleting bytes whose key is gone failed; they stay as an unreadable orphan", "blob", key, "err", err)
	}
}
