package supervision

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

func requireAdmin(a accounts.Actor) error {
	if a.User == nil || !a.User.Active() || a.User.Role != domain.RoleAdmin {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can change who supervises whom or the accreditation stages.")
	}
	return nil
}

// Link records that one user supervises another; administrators only. The
// supervisor must be an active supervisor; the trainee a practitioner or a
// supervisor (supervisors of supervisors).
func (s *Service) Link(ctx context.Context, a accounts.Actor, supervisorID, traineeID string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		sup, err := tx.UserByID(ctx, supervisorID)
		if store.IsNotFound(err) || (err == nil && (!sup.Active() || sup.Role != domain.RoleSupervisor)) {
			return domain.FieldError("supervisor_id", "Choose a supervisor from the list: only active supervisor accounts can supervise.")
		} else if err != nil {
			return err
		}
		tr, err := tx.UserByID(ctx, traineeID)
		if store.IsNotFound(err) || (err == nil && (!tr.Active() || tr.Role == domain.RoleAdmin || tr.ID == sup.ID)) {
			return domain.FieldError("trainee_id", "Choose a practitioner or another supervisor to be supervised.")
		} else if err != nil {
			return err
		}
		if err := tx.LinkSupervisor(ctx, sup.ID, tr.ID, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "supervision.link", "user", tr.ID, "", "by "+sup.ID)
	})
}

// Unlink ends a supervision relation; administrators only.
func (s *Service) Unlink(ctx context.Context, a accounts.Actor, supervisorID, traineeID string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		ok, err := tx.UnlinkSupervisor(ctx, supervisorID, traineeID)
		if err != nil {
			return err
		}
		if !ok {
			return domain.NotFound("supervision relation")
		}
		return audit(ctx, tx, a, "supervision.unlink", "user", traineeID, "", "by "+supervisorID)
	})
}

// Links lists who supervises whom: every relation for an administrator;
// for anyone else, the relations they are part of.
func (s *Service) Links(ctx context.Context, a accounts.Actor) ([]domain.SupervisionLink, error) {
	if a.User == nil {
		return nil, domain.NotFound("supervision relation")
	}
	var out []domain.SupervisionLink
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if a.User.Role == domain.RoleAdmin {
			var err error
			out, err = tx.SupervisionLinks(ctx)
			return err
		}
		up, err := tx.SupervisorsOf(ctx, a.ID())
		if err != nil {
			return err
		}
		down, err := tx.TraineesOf(ctx, a.ID())
		out = append(up, down...)
		return err
	})
	return out, err
}
