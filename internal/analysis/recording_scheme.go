package analysis

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ChooseScheme sets the coding scheme a recording is coded with. It can
// change only while nothing is coded on the recording: moments and clips
// keep the codes of the scheme they were made with, and one film coded in
// two schemes could not be read as one coding.
func (s *Service) ChooseScheme(ctx context.Context, a accounts.Actor, recordingID, schemeID string) (*domain.Recording, error) {
	var rec *domain.Recording
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if rec, err = recording(ctx, tx, a, recordingID, casework.WantEdit); err != nil {
			return err
		}
		sc, err := tx.SchemeByID(ctx, schemeID)
		if store.IsNotFound(err) {
			return domain.FieldError("scheme_id", "There is no coding scheme with that id: choose one of the schemes an administrator has set up.")
		} else if err != nil {
			return err
		}
		if rec.SchemeID == sc.ID {
			return nil
		}
		if err := mustBeUncoded(ctx, tx, rec); err != nil {
			return err
		}
		if err := tx.SetRecordingScheme(ctx, rec.ID, sc.ID); err != nil {
			return err
		}
		rec.SchemeID = sc.ID
		return audit(ctx, tx, a, "recording.scheme", "recording", rec.ID, rec)
	})
	return rec, err
}

// mustBeUncoded refuses a change of scheme once moments or clips exist.
func mustBeUncoded(ctx context.Context, tx *store.Tx, rec *domain.Recording) error {
	n, err := tx.RecordingCoded(ctx, rec.ID)
	if err != nil {
		return err
	}
	if n > 0 {
		return domain.Errorf(domain.ECONFLICT, "This recording already has %d coded moments or clips, so its coding scheme can't change. "+
			"Delete them first, or keep coding with the scheme it has.", n)
	}
	return nil
}
