package films

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// FamilyViewer is a parent watching their case's films in the portal. The
// family service builds it from a signed-in device session, so CaseID is
// the parent's own case; these functions never reach another case.
type FamilyViewer struct {
	CaseID, MemberID, IP string
}

func (v FamilyViewer) entry(action string, f *domain.Film) domain.AuditEntry {
	return domain.AuditEntry{ActorID: "family:" + v.MemberID, Action: action, ObjectType: "film", ObjectID: f.ID,
		CaseID: f.CaseID, IP: v.IP}
}

// familyFilm is a film the family may watch: released to them, rendered
// since, on their case, with their consent to filming in force. Anything
// else is "not found".
func familyFilm(ctx context.Context, tx *store.Tx, v FamilyViewer, f *domain.Film) (bool, error) {
	if f.CaseID != v.CaseID || f.ReleasedAt == nil || f.RenderedVersion == 0 {
		return false, nil
	}
	return tx.HasConsentInForce(ctx, f.CaseID, domain.PurposeFilming)
}

// Released lists the films released to the family; the listing is audited.
func (s *Service) Released(ctx context.Context, v FamilyViewer) ([]*domain.Film, error) {
	var out []*domain.Film
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		all, err := tx.CaseFilms(ctx, v.CaseID)
		if err != nil {
			return err
		}
		for _, f := range all {
			if ok, err := familyFilm(ctx, tx, v, f); err != nil {
				return err
			} else if ok {
				out = append(out, f)
			}
		}
		return nil
	})
	return out, err
}

// ReleasedFilm returns one film released to the family; seeing it is audited.
func (s *Service) ReleasedFilm(ctx context.Context, v FamilyViewer, id string) (*domain.Film, error) {
	var f *domain.Film
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		f, err = familyLoad(ctx, tx, v, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, s.DB.AuditView(ctx, v.entry("film.family.view", f))
}

func familyLoad(ctx context.Context, tx *store.Tx, v FamilyViewer, id string) (*domain.Film, error) {
	f, err := tx.FilmByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, domain.NotFound("film")
	} else if err != nil {
		return nil, err
	}
	ok, err := familyFilm(ctx, tx, v, f)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, domain.NotFound("film")
	}
	return f, nil
}

// OpenReleased opens a released film's video for the family. A viewing is
// audited (once per viewer and window in a request: domain.ViewGate), every
// download each time; a
// download needs the service setting that allows downloads.
func (s *Service) OpenReleased(ctx context.Context, v FamilyViewer, id string, viewing, download bool) (*File, error) {
	var f *domain.Film
	var info *domain.FilmFile
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if f, err = familyLoad(ctx, tx, v, id); err != nil {
			return err
		}
		if download {
			if err := downloadsAllowed(ctx, tx); err != nil {
				return err
			}
		}
		info, err = releasedVideo(ctx, tx, f)
		if store.IsNotFound(err) {
			return domain.NotFound("film")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	switch {
	case download:
		err = s.DB.AuditView(domain.EveryTime(ctx), v.entry("film.family.download", f))
	case viewing:
		err = s.DB.AuditView(ctx, v.entry("film.family.play", f))
	}
	if err != nil {
		return nil, err
	}
	file, err := Open(ctx, s.Keys, s.Blobs, info)
	if err != nil {
		return nil, err
	}
	file.Film = f
	return file, nil
}

// releasedVideo is the render the family sees: the one current when the
// film was released (the current one for a film released before that was
// kept); ErrNoRows when it is gone.
func releasedVideo(ctx context.Context, tx *store.Tx, f *domain.Film) (*domain.FilmFile, error) {
	if f.ReleasedFile == "" {
		return tx.FilmVideo(ctx, f.ID)
	}
	videos, err := tx.FilmFiles(ctx, f.ID, domain.FilmFileVideo)
	if err != nil {
		return nil, err
	}
	for _, v := range videos {
		if v.ID == f.ReleasedFile {
			return v, nil
		}
	}
	return nil, store.ErrNoRows
}
