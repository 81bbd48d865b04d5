package films

import (
	"context"
	"errors"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Render asks for the film to be rendered. A render already queued or
// under way is not doubled: the film comes back as it is, with started
// false (the API answers 202 with the existing job either way).
func (s *Service) Render(ctx context.Context, a accounts.Actor, id string) (f *domain.Film, started bool, err error) {
	if s.EnqueueRender == nil {
		return nil, false, errors.New("films: no job queue to render films")
	}
	f, err = s.edit(ctx, a, id, func(tx *store.Tx, f *domain.Film) error {
		if f.Busy() {
			return nil
		}
		if err := Renderable(ctx, tx, f); err != nil {
			return err
		}
		if ok, err := tx.ClaimFilmRender(ctx, f.ID); err != nil || !ok {
			return err // !ok: a render was asked for at the same moment; that one stands
		}
		job, err := s.EnqueueRender(ctx, tx, f.ID)
		if err != nil {
			return err
		}
		f.Status, f.Progress, f.Error, f.JobID = domain.FilmQueued, 0, "", job
		if err := tx.SetFilmState(ctx, f); err != nil {
			return err
		}
		started = true
		return audit(ctx, tx, a, "film.render", f)
	})
	return f, started, err
}

// Cancel stops a queued or running render. The file of an earlier render,
// if any, stays.
func (s *Service) Cancel(ctx context.Context, a accounts.Actor, id string) (*domain.Film, error) {
	return s.edit(ctx, a, id, func(tx *store.Tx, f *domain.Film) error {
		if !f.Busy() {
			return domain.Errorf(domain.ECONFLICT, "No render of this film is under way, so there is nothing to cancel.")
		}
		if f.JobID != 0 && s.CancelJob != nil {
			if err := s.CancelJob(ctx, tx, f.JobID); err != nil {
				return err
			}
		}
		f.Status, f.Progress, f.Error, f.JobID = domain.FilmCancelled, 0, "", 0
		if err := tx.SetFilmState(ctx, f); err != nil {
			return err
		}
		return audit(ctx, tx, a, "film.render.cancel", f)
	})
}

// Renderable checks that everything a film shows is still there and ready.
func Renderable(ctx context.Context, tx *store.Tx, f *domain.Film) error {
	for i, it := range f.Items {
		switch it.Kind {
		case domain.ItemClip:
			if _, err := tx.ClipByID(ctx, it.ClipID); store.IsNotFound(err) {
				return domain.Errorf(domain.ECONFLICT, "Item %d's clip has been deleted (perhaps with its recording). Take it out of the film or choose another clip, then render again.", i+1)
			} else if err != nil {
				return err
			}
		case domain.ItemStill:
			st, err := tx.StillByID(ctx, it.StillID)
			if store.IsNotFound(err) {
				return domain.Errorf(domain.ECONFLICT, "Item %d's still has been deleted (perhaps with its recording). Take it out of the film or choose another still, then render again.", i+1)
			} else if err != nil {
				return err
			}
			if st.Status != domain.StillReady {
				return domain.Errorf(domain.ECONFLICT, "Item %d's still isn't ready (it is %s). Wait a few seconds for it, or choose another, then render again.", i+1, st.Status)
			}
		}
	}
	return nil
}
