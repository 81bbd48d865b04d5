package recordings

import (
	"context"
	"errors"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Erase deletes a recording as a duty of the service (a retention rule, a
// family's erasure request) rather than at a person's click: the caller has
// authorized it. It is Delete's erasure: rows and file keys in one
// transaction, then the blobs and any unfinished upload. Before the rows go,
// every file key's fingerprint and the recording's id are added to shreds
// (when given), so old backups cannot bring the files back; then within the
// same transaction record runs (it checks holds and writes the caller's
// audit entry, saying what was erased without the content).
func (s *Service) Erase(ctx context.Context, id string, shreds *vault.ShredList,
	record func(ctx context.Context, tx *store.Tx, r *domain.Recording, files []*domain.StoredFile) error) error {
	var files []*domain.StoredFile
	after := func() {}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordingByID(ctx, id)
		if err != nil {
			return err
		}
		if files, err = tx.RecordingFiles(ctx, id); err != nil {
			return err
		}
		if err := record(ctx, tx, r, files); err != nil {
			return err
		}
		if err := s.shred(shreds, r, files); err != nil {
			return err
		}
		if after, err = s.forgetDerived(ctx, tx, id); err != nil {
			return err
		}
		return tx.DeleteRecording(ctx, id)
	})
	if err != nil {
		return err
	}
	after()
	for _, f := range files {
		s.deleteBlob(ctx, f.BlobKey)
	}
	if s.DiscardUpload != nil {
		s.DiscardUpload(id)
	}
	return nil
}

// shred lists the recording and its file keys on the shred list.
func (s *Service) shred(shreds *vault.ShredList, r *domain.Recording, files []*domain.StoredFile) error {
	if shreds == nil {
		return nil
	}
	records := []string{"recording " + r.ID}
	for _, f := range files {
		rec, err := s.Keys.KeyRecord(f.WrappedKey)
		if errors.Is(err, vault.ErrErased) {
			continue // its case key is destroyed already: nothing left to list
		}
		if err != nil {
			return err
		}
		records = append(records, rec)
	}
	return shreds.Add(records...)
}

// ForgetFootageKey destroys the case's footage key once the case holds no
// recording any more (after a consent withdrawal or a retention rule erased
// them all): every copy of its footage, in any backup, is then unreadable.
// With recordings left it does nothing, and says so.
func (s *Service) ForgetFootageKey(ctx context.Context, caseID string) (bool, error) {
	var left []*domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { left, err = tx.CaseRecordings(ctx, caseID); return err })
	if err != nil || len(left) > 0 {
		return false, err
	}
	_, err = s.Keys.DestroyCaseKeys(caseID, vault.PurposeFootage)
	return err == nil, err
}
