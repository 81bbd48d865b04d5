package supervision

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ShareInput is what a trainee chooses to show their supervisor.
type ShareInput struct {
	Kind         string
	MaterialID   string
	SupervisorID string
	Note         string
	ExpiresAt    *time.Time
}

// MarkReview marks one of the caller's recordings as the video of their own
// shared review with the parent, so it can be shared as such.
func (s *Service) MarkReview(ctx context.Context, a accounts.Actor, recordingID string) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordingByID(ctx, recordingID)
		if store.IsNotFound(err) {
			return domain.NotFound("recording")
		} else if err != nil {
			return err
		}
		if err := casework.Authorize(ctx, tx, a, r.CaseID, casework.WantOwner); err != nil {
			return hide(err, "recording")
		}
		if err := tx.MarkReviewVideo(ctx, r.ID, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "recording.mark_review", "recording", r.ID, r.CaseID, "")
	})
}

// Share gives the caller's supervisor one piece of a case the caller owns,
// where the family consents to supervision.
func (s *Service) Share(ctx context.Context, a accounts.Actor, in ShareInput) (*domain.MaterialShare, error) {
	in.Note = text(in.Note)
	if tooLong(in.Note, 2000) {
		return nil, domain.FieldError("note", "Keep the note to your supervisor to 2,000 characters.")
	}
	m := &domain.MaterialShare{ID: auth.NewID(), Kind: in.Kind, MaterialID: in.MaterialID, TraineeID: a.ID(),
		SupervisorID: in.SupervisorID, Note: in.Note, ExpiresAt: in.ExpiresAt}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if in.ExpiresAt != nil && !in.ExpiresAt.After(tx.Now()) {
			return domain.FieldError("expires_at", "The share would end before it starts: choose an end date in the future, or none.")
		}
		caseID, err := s.materialCase(ctx, tx, in.Kind, in.MaterialID)
		if err != nil {
			return err
		}
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantOwner); err != nil {
			return hide(err, in.Kind)
		}
		if ok, err := tx.Supervises(ctx, in.SupervisorID, a.ID()); err != nil {
			return err
		} else if !ok {
			return domain.FieldError("supervisor_id", "Choose one of your supervisors from the list. An administrator records who supervises you.")
		}
		if err := s.Recordings.Consent.CanSupervise(ctx, tx, caseID); err != nil {
			return err
		}
		m.CaseID = caseID
		if err := tx.CreateMaterialShare(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, a, "supervision.share", "material_share", m.ID, caseID, in.Kind+" "+in.MaterialID+" with "+in.SupervisorID)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// materialCase finds the case a recording, film or review video belongs to.
func (s *Service) materialCase(ctx context.Context, tx *store.Tx, kind, id string) (string, error) {
	switch kind {
	case domain.MaterialRecording, domain.MaterialReview:
		r, err := tx.RecordingByID(ctx, id)
		if store.IsNotFound(err) {
			return "", domain.NotFound("recording")
		} else if err != nil {
			return "", err
		}
		if kind == domain.MaterialReview {
			if ok, err := tx.IsReviewVideo(ctx, id); err != nil {
				return "", err
			} else if !ok {
				return "", domain.FieldError("kind", "This recording isn't marked as the video of a shared review. Mark it as one first, or share it as a recording.")
			}
		}
		return r.CaseID, nil
	case domain.MaterialFilm:
		f, err := tx.FilmByID(ctx, id)
		if store.IsNotFound(err) {
			return "", domain.NotFound("film")
		} else if err != nil {
			return "", err
		}
		return f.CaseID, nil
	}
	return "", domain.FieldError("kind", "Choose what to share: a recording, a film or a review video.")
}

// Withdraw ends a share; only the trainee who made it can.
func (s *Service) Withdraw(ctx context.Context, a accounts.Actor, id string) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		m, _, err := s.reach(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if m.TraineeID != a.ID() {
			return domain.Errorf(domain.EFORBIDDEN, "Only the trainee who shared this material can withdraw it.")
		}
		if ok, err := tx.WithdrawMaterialShare(ctx, id, a.ID()); err != nil {
			return err
		} else if !ok {
			return domain.Errorf(domain.ECONFLICT, "This share has already been withdrawn; nothing more to do.")
		}
		return audit(ctx, tx, a, "supervision.unshare", "material_share", id, m.CaseID, "")
	})
}

// Shareable lists the caller's ready recordings and films they may share:
// of their open cases whose family consents to supervision.
func (s *Service) Shareable(ctx context.Context, a accounts.Actor) ([]store.OwnMaterial, error) {
	if !staff(a) {
		return nil, nil
	}
	var out []store.OwnMaterial
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		all, err := tx.OwnMaterials(ctx, a.ID())
		if err != nil {
			return err
		}
		ok := map[string]bool{}
		for _, m := range all {
			if _, seen := ok[m.CaseID]; !seen {
				ok[m.CaseID] = s.Recordings.Consent.CanSupervise(ctx, tx, m.CaseID) == nil
			}
			if ok[m.CaseID] {
				out = append(out, m)
			}
		}
		return nil
	})
	return out, err
}
