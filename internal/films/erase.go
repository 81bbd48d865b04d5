package films

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ForgetRecording is called inside the transaction that erases a recording
// (deletion, consent withdrawal, retention, an erasure request): every film
// with its clips or stills loses those items, its rendered file and cached
// segments (their keys shredded, so old backups can't show them) and its
// release; it must be rendered again from what is left. The returned func
// deletes the bytes once the transaction has committed.
func (s *Service) ForgetRecording(ctx context.Context, tx *store.Tx, recordingID string) (func(), error) {
	films, err := tx.FilmsUsingRecording(ctx, recordingID)
	if err != nil || len(films) == 0 {
		return func() {}, err
	}
	var gone []*domain.FilmFile
	for _, id := range films {
		files, err := tx.FilmFiles(ctx, id, "")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if err := tx.DeleteFilmFile(ctx, f.ID); err != nil {
				return nil, err
			}
		}
		gone = append(gone, files...)
	}
	if err := s.shred(gone); err != nil {
		return nil, err
	}
	if err := tx.ForgetRecordingInFilms(ctx, recordingID, films); err != nil {
		return nil, err
	}
	return func() {
		for _, f := range gone {
			s.deleteBlob(ctx, f.BlobKey)
		}
	}, nil
}
