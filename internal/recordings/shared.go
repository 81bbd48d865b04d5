package recordings

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// OpenShared is the share path to a recording's files: for a caller who
// reaches the recording not through its case (casework.Authorize) but
// through material a trainee shared with them (package supervision). allow
// is that share's check; it runs in the same transaction as the family's
// consent check (CheckFootage) on every request, so withdrawing the share or
// the consent to supervision refuses the very next Range request.
func (s *Service) OpenShared(ctx context.Context, a accounts.Actor, id, kind string, viewing bool,
	allow func(tx *store.Tx, r *domain.Recording) error) (*File, error) {
	var r *domain.Recording
	var info *domain.StoredFile
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = tx.RecordingByID(ctx, id); store.IsNotFound(err) {
			return domain.NotFound("recording")
		} else if err != nil {
			return err
		}
		if err := allow(tx, r); err != nil {
			return err
		}
		if err := s.CheckFootage(ctx, tx, a, r.CaseID); err != nil {
			return err
		}
		if info, err = tx.FileOfKind(ctx, id, kind); store.IsNotFound(err) {
			return domain.Errorf(domain.ENOTFOUND, "This recording isn't ready to play yet. Wait until processing has finished.")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	f, err := s.OpenStored(ctx, info)
	if err != nil {
		return nil, err
	}
	f.Recording = r
	if viewing {
		if err := s.DB.AuditView(ctx, entry(a, "recording.view.shared."+kind, r)); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}
