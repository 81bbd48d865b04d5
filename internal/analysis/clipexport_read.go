package analysis

import (
	"context"
	"math"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
)

// OpenClipVideo opens a clip's exported MP4, decrypting as it is read. The
// caller's access is checked on every call (every range request); when
// viewing is set the opening is audited as a viewing of the clip (once per
// viewer and window in a request: domain.ViewGate). While the
// export is not ready and current the answer is a conflict saying why.
func (s *Service) OpenClipVideo(ctx context.Context, a accounts.Actor, id string, viewing bool) (*recordings.File, error) {
	var info *domain.StoredFile
	var rec *domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var c *domain.Clip
		var err error
		if rec, c, err = s.clipFor(ctx, tx, a, id, casework.WantView); err != nil {
			return err
		}
		if err := s.Files.CheckFootage(ctx, tx, a, rec.CaseID); err != nil {
			return err
		}
		if err := attachExports(ctx, tx, rec.ID, c); err != nil {
			return err
		}
		if !c.Export.Current(c) {
			return notExported(c.Export)
		}
		info, err = tx.FileOfKind(ctx, rec.ID, domain.ClipFileKind(id))
		if store.IsNotFound(err) {
			return domain.Errorf(domain.ECONFLICT, "This clip's video is missing. Move one of its edges and back to make it again.")
		}
		return err
	})
	if err == nil && viewing {
		err = s.DB.AuditView(ctx, entry(a, "clip.view.video", "clip", id, rec))
	}
	if err != nil {
		return nil, err
	}
	return s.Files.OpenStored(ctx, info)
}

// notExported says why a clip's video can't be served yet.
func notExported(e *domain.ClipExport) error {
	switch {
	case e == nil:
		return domain.Errorf(domain.ECONFLICT, "This clip's video hasn't been made yet. Change the clip (or ask your administrator to check the job workers are running) and try again.")
	case e.Status == domain.ClipExportFailed:
		return domain.Errorf(domain.ECONFLICT, "This clip's video couldn't be made: %s", e.Error)
	case e.Status == domain.ClipExportExporting:
		return domain.Errorf(domain.ECONFLICT, "This clip's video is being made (%d%% done). Try again in a few seconds; GET the clip shows export_status and export_progress.", int(math.Round(e.Progress*100)))
	}
	return domain.Errorf(domain.ECONFLICT, "This clip's video is waiting to be made. Try again in a few seconds; GET the clip shows export_status.")
}
