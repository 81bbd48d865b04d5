package films

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// OpenVideo opens a film's rendered file for the caller. A viewing is
// audited (once per viewer and window in a request: domain.ViewGate), every
// download each time. A download
// needs the service setting that allows it.
func (s *Service) OpenVideo(ctx context.Context, a accounts.Actor, id string, viewing, download bool) (*File, error) {
	var f *domain.Film
	var info *domain.FilmFile
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if f, err = load(ctx, tx, a, id, casework.WantView); err != nil {
			return err
		}
		if s.Footage != nil {
			if err := s.Footage.CheckFootage(ctx, tx, a, f.CaseID); err != nil {
				return err
			}
		}
		if download {
			if err := downloadsAllowed(ctx, tx); err != nil {
				return err
			}
		}
		if gone, err := erased(ctx, tx, f); err != nil || gone {
			return firstErr(err, domain.Errorf(domain.ENOTFOUND, "Part of this film was erased with its recording, so the film isn't shown any more. Take that part out and render the film again."))
		}
		info, err = tx.FilmVideo(ctx, id)
		if store.IsNotFound(err) {
			return domain.Errorf(domain.ENOTFOUND, "This film hasn't been rendered yet. Render it, wait for the bar to fill, then play it.")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	action, actx := "", ctx
	switch {
	case download:
		action, actx = "film.download", domain.EveryTime(ctx)
	case viewing:
		action = "film.view.video"
	}
	if action != "" {
		if err := s.DB.AuditView(actx, entry(a, action, f)); err != nil {
			return nil, err
		}
	}
	file, err := Open(ctx, s.Keys, s.Blobs, info)
	if err != nil {
		return nil, err
	}
	file.Film = f
	return file, nil
}

func downloadsAllowed(ctx context.Context, tx *store.Tx) error {
	v, err := tx.Setting(ctx, domain.SettingFilmDownloads, "false")
	if err != nil {
		return err
	}
	if v != "true" {
		return domain.Errorf(domain.EFORBIDDEN, "Downloading films is turned off for this service, to keep the family's footage in one safe place. Watch the film here instead; an administrator can allow downloads.")
	}
	return nil
}

// DownloadsAllowed tells whether the service lets staff download films.
func (s *Service) DownloadsAllowed(ctx context.Context) (bool, error) {
	var ok bool
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		ok = downloadsAllowed(ctx, tx) == nil
		return nil
	})
	return ok, err
}

// SetDownloadsAllowed turns film downloads on or off; administrators only.
func (s *Service) SetDownloadsAllowed(ctx context.Context, a accounts.Actor, allow bool) error {
	if a.User == nil || a.User.Role != domain.RoleAdmin {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can change whether films may be downloaded.")
	}
	v := "false"
	if allow {
		v = "true"
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, domain.SettingFilmDownloads, v, a.ID()); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "settings.update", ObjectType: "setting",
			ObjectID: domain.SettingFilmDownloads, IP: a.IP, Detail: v})
	})
}

// erased tells whether a clip or still the film shows is gone (erased with
// its recording): its rendered file must not be shown then.
func erased(ctx context.Context, tx *store.Tx, f *domain.Film) (bool, error) {
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

func firstErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
