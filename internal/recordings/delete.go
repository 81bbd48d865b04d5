package recordings

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Delete erases a recording: its rows and file keys go in one transaction
// (from then on no copy of the bytes, in any backup, can be decrypted), then
// the encrypted blobs and any unfinished upload are removed.
func (s *Service) Delete(ctx context.Context, a accounts.Actor, id string) error {
	var files []*domain.StoredFile
	after := func() {}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := Load(ctx, tx, a, id, casework.WantEdit)
		if err != nil {
			return err
		}
		if files, err = tx.RecordingFiles(ctx, id); err != nil {
			return err
		}
		if err := s.shred(s.Shreds, r, files); err != nil {
			return err
		}
		if after, err = s.forgetDerived(ctx, tx, id); err != nil {
			return err
		}
		if err := tx.DeleteRecording(ctx, id); err != nil {
			return err
		}
		if err := tx.FollowWork(ctx, r.CaseID, r.Cycle, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "recording.delete", r)
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
