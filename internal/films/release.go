package films

import (
	"context"
	"strconv"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ReleaseCheck says why a film can't be released to the family now, or nil.
func ReleaseCheck(ctx context.Context, tx *store.Tx, f *domain.Film) error {
	if f.RenderedVersion == 0 {
		return domain.Errorf(domain.ECONFLICT, "Render the film first: the family gets the finished film.")
	}
	if f.Busy() || f.Stale() {
		return domain.Errorf(domain.ECONFLICT, "The film has changed since it was rendered. Render it again, then release it.")
	}
	ok, err := tx.HasConsentInForce(ctx, f.CaseID, domain.PurposeFilming)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.ECONFLICT, "The family's consent to filming isn't in force, so their film can't be shared with them. Record their consent on the case page first.")
	}
	return nil
}

// Release shares the rendered film with the family (release true) or takes
// it back (false); who and when are kept. The family sees the render that
// was current when it was released, until the guider releases again: a
// re-render meanwhile is the guider's alone. A released render no longer
// current is erased (key shredded) when it is replaced or taken back.
func (s *Service) Release(ctx context.Context, a accounts.Actor, id string, release bool) (*domain.Film, error) {
	var gone []*domain.FilmFile
	f, err := s.edit(ctx, a, id, func(tx *store.Tx, f *domain.Film) error {
		if !release {
			if err := s.releaseFile(ctx, tx, f, "", &gone); err != nil {
				return err
			}
			if err := tx.SetFilmRelease(ctx, f.ID, nil, ""); err != nil {
				return err
			}
			return audit(ctx, tx, a, "film.unrelease", f)
		}
		if err := ReleaseCheck(ctx, tx, f); err != nil {
			return err
		}
		video, err := tx.FilmVideo(ctx, f.ID)
		if err != nil {
			return err
		}
		if err := s.releaseFile(ctx, tx, f, video.ID, &gone); err != nil {
			return err
		}
		now := tx.Now()
		if err := tx.SetFilmRelease(ctx, f.ID, &now, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "film.release", f)
	})
	if err == nil {
		s.files().DeleteBytes(ctx, gone)
	}
	return f, err
}

// releaseFile makes fileID the film's released render ("" for none),
// dropping the one released before if no longer the current render.
func (s *Service) releaseFile(ctx context.Context, tx *store.Tx, f *domain.Film, fileID string, gone *[]*domain.FilmFile) error {
	if f.ReleasedFile != "" && f.ReleasedFile != fileID {
		videos, err := tx.FilmFiles(ctx, f.ID, domain.FilmFileVideo)
		if err != nil {
			return err
		}
		for i, v := range videos {
			if v.ID == f.ReleasedFile && i > 0 { // the newest is the current render
				*gone = append(*gone, v)
			}
		}
		if err := s.files().Drop(ctx, tx, *gone); err != nil {
			return err
		}
	}
	f.ReleasedFile = fileID
	return tx.SetFilmReleasedFile(ctx, f.ID, fileID)
}

func itoa(n int) string { return strconv.Itoa(n) }

// CanRelease says why the film can't be released now (nil when it can).
func (s *Service) CanRelease(ctx context.Context, f *domain.Film) error {
	return s.DB.View(ctx, func(tx *store.Tx) error { return ReleaseCheck(ctx, tx, f) })
}

// ItemLabels names each of a film's items in words, in order.
func (s *Service) ItemLabels(ctx context.Context, f *domain.Film) ([]string, error) {
	out := make([]string, len(f.Items))
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		for i, it := range f.Items {
			out[i] = ItemLabel(ctx, tx, i, it)
		}
		return nil
	})
	return out, err
}
