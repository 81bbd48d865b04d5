package films

import (
	"context"
	"errors"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// StaleError is a change based on an old version: it carries the film as it
// is now, so the caller can show it and make the change again.
type StaleError struct {
	Err     *domain.Error
	Current *domain.Film
}

func (e *StaleError) Error() string { return e.Err.Error() }
func (e *StaleError) Unwrap() error { return e.Err }

// Create makes a film for a case, in the cycle under way.
func (s *Service) Create(ctx context.Context, a accounts.Actor, caseID string, in Input) (*domain.Film, error) {
	if in.Version != nil {
		return nil, domain.FieldError("version", "A new film has no version yet; send \"version\" only when changing a film.")
	}
	title, err := checkTitle(deref(in.Title))
	if err != nil {
		return nil, err
	}
	f := &domain.Film{ID: auth.NewID(), CaseID: caseID, Title: title, Version: 1, Status: domain.FilmDraft, CreatedBy: a.ID()}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantEdit); err != nil {
			return err
		}
		if in.Items == nil {
			return domain.FieldError("items", "A film needs at least one item: a title card, a clip or a still.")
		}
		if f.Items, err = items(ctx, tx, a, caseID, *in.Items); err != nil {
			return err
		}
		if f.Cycle, err = filmCycle(ctx, tx, caseID, f.Items); err != nil {
			return err
		}
		if err := tx.CreateFilm(ctx, f); err != nil {
			return err
		}
		if err := tx.FollowWork(ctx, caseID, f.Cycle, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "film.create", f)
	})
	if err != nil {
		return nil, err
	}
	f.Words = map[string]string{}
	return f, nil
}

// Update retitles a film or replaces its items. With a version, a change
// based on an older one is refused with the film as it is now.
func (s *Service) Update(ctx context.Context, a accounts.Actor, id string, in Input) (*domain.Film, error) {
	var title string
	if in.Title != nil {
		var err error
		if title, err = checkTitle(*in.Title); err != nil {
			return nil, err
		}
	}
	return s.edit(ctx, a, id, func(tx *store.Tx, f *domain.Film) error {
		if in.Version != nil && *in.Version != f.Version {
			return &StaleError{Current: f, Err: domain.Errorf(domain.ECONFLICT,
				"Someone changed this film since you loaded it (it is now version %d). Look at it again and make your change again.", f.Version)}
		}
		if in.Title != nil {
			f.Title = title
		}
		was := f.Cycle
		if in.Items != nil {
			hadFootage := hasFootage(f.Items)
			var err error
			if f.Items, err = items(ctx, tx, a, f.CaseID, *in.Items); err != nil {
				return err
			}
			if !hadFootage { // its first clip or still says which cycle it belongs to
				if f.Cycle, err = filmCycle(ctx, tx, f.CaseID, f.Items); err != nil {
					return err
				}
			}
		}
		f.Version++
		if ok, err := tx.UpdateFilm(ctx, f); err != nil || !ok {
			return errors.Join(err, domain.Errorf(domain.ECONFLICT, "This film was changed at the same moment. Load it again and try again."))
		}
		for _, n := range []int{was, f.Cycle} {
			if err := tx.FollowWork(ctx, f.CaseID, n, a.ID()); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "film.update", f)
	})
}

// Delete removes a film (cancelling its render), its words and its files.
func (s *Service) Delete(ctx context.Context, a accounts.Actor, id string) error {
	var files []*domain.FilmFile
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		f, err := load(ctx, tx, a, id, casework.WantEdit)
		if err != nil {
			return err
		}
		if f.Busy() && f.JobID != 0 && s.CancelJob != nil {
			if err := s.CancelJob(ctx, tx, f.JobID); err != nil {
				return err
			}
		}
		if files, err = tx.FilmFiles(ctx, id, ""); err != nil {
			return err
		}
		if err := s.shred(files); err != nil {
			return err
		}
		if err := tx.DeleteFilm(ctx, id); err != nil {
			return err
		}
		if err := tx.FollowWork(ctx, f.CaseID, f.Cycle, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "film.delete", f)
	})
	if err != nil {
		return err
	}
	for _, f := range files {
		s.deleteBlob(ctx, f.BlobKey)
	}
	return nil
}

// files is the film files' store, with the shred list the recordings use.
func (s *Service) files() Files {
	fs := Files{DB: s.DB, Keys: s.Keys, Blobs: s.Blobs}
	if s.Footage != nil {
		fs.Shreds = s.Footage.Shreds
	}
	return fs
}

// shred lists a deleted film's file keys with the recordings' erasures, so
// that restoring an old backup cannot bring the film back.
func (s *Service) shred(files []*domain.FilmFile) error {
	return shredKeys(s.Keys, s.files().Shreds, files)
}

func (s *Service) deleteBlob(ctx context.Context, key string) {
	s.files().DeleteBytes(ctx, []*domain.FilmFile{{BlobKey: key}})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// filmCycle is the cycle a new film belongs to: that of the recording its
// first clip or still comes from, else the cycle under way.
func filmCycle(ctx context.Context, tx *store.Tx, caseID string, items []domain.FilmItem) (int, error) {
	for _, it := range items {
		var recID string
		switch {
		case it.ClipID != "":
			c, err := tx.ClipByID(ctx, it.ClipID)
			if err != nil {
				return 0, err
			}
			recID = c.RecordingID
		case it.StillID != "":
			s, err := tx.StillByID(ctx, it.StillID)
			if err != nil {
				return 0, err
			}
			recID = s.RecordingID
		default:
			continue
		}
		r, err := tx.RecordingByID(ctx, recID)
		if err != nil {
			return 0, err
		}
		if r.Cycle > 0 {
			return r.Cycle, nil
		}
	}
	return tx.CurrentCycle(ctx, caseID)
}

// hasFootage tells whether a film has a clip or a still, not only title cards.
func hasFootage(items []domain.FilmItem) bool {
	for _, it := range items {
		if it.Kind != domain.ItemTitle {
			return true
		}
	}
	return false
}
