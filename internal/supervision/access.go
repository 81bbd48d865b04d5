package supervision

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Shares lists the shares the caller made (as trainee) and the live ones
// made with them (as supervisor).
func (s *Service) Shares(ctx context.Context, a accounts.Actor) (mine, withMe []*domain.MaterialShare, err error) {
	if !staff(a) {
		return nil, nil, domain.NotFound("shared material")
	}
	err = s.DB.View(ctx, func(tx *store.Tx) error {
		if mine, err = tx.SharesByTrainee(ctx, a.ID()); err != nil {
			return err
		}
		for _, m := range mine {
			m.NoConsent = m.WithdrawnAt == nil && s.Recordings.Consent.CanSupervise(ctx, tx, m.CaseID) != nil
		}
		all, err := tx.SharesWithSupervisor(ctx, a.ID())
		if err != nil {
			return err
		}
		for _, m := range all {
			if s.supervisorMay(ctx, tx, m) == nil {
				withMe = append(withMe, m)
			}
		}
		return nil
	})
	return mine, withMe, err
}

// Role in a share.
const (
	AsTrainee    = "trainee"
	AsSupervisor = "supervisor"
)

// reach loads a share the caller may see: its supervisor while it is live
// and the family's consent to supervision is in force; its trainee while
// they still reach the case. Anyone else, and an ended share for the
// supervisor, answers "not found".
func (s *Service) reach(ctx context.Context, tx *store.Tx, a accounts.Actor, id string) (*domain.MaterialShare, string, error) {
	if !staff(a) {
		return nil, "", domain.NotFound("shared material")
	}
	m, err := tx.MaterialShareByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, "", domain.NotFound("shared material")
	} else if err != nil {
		return nil, "", err
	}
	switch a.ID() {
	case m.SupervisorID:
		if err := s.supervisorMay(ctx, tx, m); err != nil {
			return nil, "", err
		}
		return m, AsSupervisor, nil
	case m.TraineeID:
		if err := casework.Authorize(ctx, tx, a, m.CaseID, casework.WantView); err != nil {
			return nil, "", hide(err, "shared material")
		}
		return m, AsTrainee, nil
	}
	return nil, "", domain.NotFound("shared material")
}

// supervisorMay checks, at this instant, that a share still gives its
// supervisor access: not withdrawn, not expired, still their trainee, and
// the family's consent to supervision in force.
func (s *Service) supervisorMay(ctx context.Context, tx *store.Tx, m *domain.MaterialShare) error {
	if !m.Live(tx.Now()) {
		return domain.NotFound("shared material")
	}
	if ok, err := tx.Supervises(ctx, m.SupervisorID, m.TraineeID); err != nil || !ok {
		return firstErr(err, domain.NotFound("shared material"))
	}
	if err := s.Recordings.Consent.CanSupervise(ctx, tx, m.CaseID); err != nil {
		if domain.ErrorCode(err) == domain.EFORBIDDEN {
			return domain.NotFound("shared material")
		}
		return err
	}
	return nil
}

// hide turns a case's "not found" into one about the thing asked for.
func hide(err error, what string) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.NotFound(what)
	}
	return err
}

func firstErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
