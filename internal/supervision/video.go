package supervision

import (
	"context"
	"io"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Video is shared material's playable file.
type Video struct {
	*vault.Reader
	io.Closer
	ContentType string
	ModTime     time.Time
}

// OpenVideo opens the video of shared material, checking the share and the
// family's consent on this very request; viewing audits the opening (once
// per viewer and window in a request: domain.ViewGate).
func (s *Service) OpenVideo(ctx context.Context, a accounts.Actor, shareID string, viewing bool) (*Video, error) {
	var m *domain.MaterialShare
	allow := func(tx *store.Tx) error {
		var err error
		m, _, err = s.reach(ctx, tx, a, shareID)
		return err
	}
	if err := s.DB.View(ctx, allow); err != nil {
		return nil, err
	}
	if m.Kind == domain.MaterialFilm {
		return s.openFilm(ctx, a, m, viewing)
	}
	f, err := s.Recordings.OpenShared(ctx, a, m.MaterialID, domain.FilePlayback, viewing, func(tx *store.Tx, r *domain.Recording) error {
		if err := allow(tx); err != nil {
			return err
		}
		if r.CaseID != m.CaseID {
			return domain.NotFound("shared material")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &Video{Reader: f.Reader, Closer: f, ContentType: "video/mp4", ModTime: f.Info.CreatedAt}, nil
}

// Frames opens a shared recording's frame table (JSON), under the same checks as its video.
func (s *Service) Frames(ctx context.Context, a accounts.Actor, shareID string) (*Video, error) {
	var m *domain.MaterialShare
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		m, _, err = s.reach(ctx, tx, a, shareID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if m.Kind == domain.MaterialFilm {
		return nil, domain.Errorf(domain.ENOTFOUND, "A film has no frame table; its frames follow from its frame rate.")
	}
	f, err := s.Recordings.OpenShared(ctx, a, m.MaterialID, domain.FileFrames, false, func(tx *store.Tx, r *domain.Recording) error {
		_, _, err := s.reach(ctx, tx, a, shareID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Video{Reader: f.Reader, Closer: f, ContentType: "application/json", ModTime: f.Info.CreatedAt}, nil
}

func (s *Service) openFilm(ctx context.Context, a accounts.Actor, m *domain.MaterialShare, viewing bool) (*Video, error) {
	var info *domain.FilmFile
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if _, _, err := s.reach(ctx, tx, a, m.ID); err != nil {
			return err
		}
		f, err := tx.FilmByID(ctx, m.MaterialID)
		if store.IsNotFound(err) || (err == nil && f.CaseID != m.CaseID) {
			return domain.NotFound("film")
		} else if err != nil {
			return err
		}
		if gone, err := erasedPart(ctx, tx, f); err != nil || gone {
			return firstErr(err, domain.Errorf(domain.ENOTFOUND, "Part of this film was erased with its recording, so the film isn't shown any more."))
		}
		if info, err = tx.FilmVideo(ctx, f.ID); store.IsNotFound(err) {
			return domain.Errorf(domain.ENOTFOUND, "This film hasn't been rendered yet. Ask your trainee to render it.")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if viewing {
		if err := s.DB.AuditView(ctx, entry(a, "film.view.shared", "film", m.MaterialID, m.CaseID, "share "+m.ID)); err != nil {
			return nil, err
		}
	}
	f, err := films.Open(ctx, s.Films.Keys, s.Films.Blobs, info)
	if err != nil {
		return nil, err
	}
	return &Video{Reader: f.Reader, Closer: f, ContentType: "video/mp4", ModTime: info.CreatedAt}, nil
}

// erasedPart tells whether a clip or still the film shows was erased with
// its recording (as films.OpenVideo does): its rendered file is not shown then.
func erasedPart(ctx context.Context, tx *store.Tx, f *domain.Film) (bool, error) {
	for _, it := range f.Items {
		var err error
		switch it.Kind {
		case domain.ItemClip:
			_, err = tx.ClipByID(ctx, it.ClipID)
		case domain.ItemStill:
			_, err = tx.StillByID(ctx, it.StillID)
		}
		if store.IsNotFound(err) {
			return true, nil
		} else if err != nil {
			return false, err
		}
	}
	return false, nil
}
