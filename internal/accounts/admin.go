package accounts

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// change loads an account, applies fn and writes it back with an audit entry.
func (s *Service) change(ctx context.Context, a Actor, id, action string, fn func(tx *store.Tx, u *domain.User) error) (*domain.User, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	var u *domain.User
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = tx.UserByID(ctx, id); err != nil {
			if store.IsNotFound(err) {
				return domain.NotFound("account")
			}
			return err
		}
		if err := fn(tx, u); err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, u.ID, "")
	})
	return u, err
}

// SetDisabled disables or re-enables an account. Disabling ends every session
// and API token at once.
func (s *Service) SetDisabled(ctx context.Context, a Actor, id string, disabled bool) (*domain.User, error) {
	if disabled && id == a.ID() {
		return nil, domain.Errorf(domain.EINVALID, "You can't disable your own account. Ask another administrator.")
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return s.change(ctx, a, id, action, func(tx *store.Tx, u *domain.User) error {
		if !disabled {
			u.DisabledAt, u.FailedLogins = nil, 0
			return nil
		}
		now := s.Now().UTC()
		u.DisabledAt = &now
		if err := tx.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		return tx.DeleteUserAPITokens(ctx, u.ID)
	})
}

// SetMFARequired decides whether an account must use a second factor.
func (s *Service) SetMFARequired(ctx context.Context, a Actor, id string, required bool) (*domain.User, error) {
	return s.change(ctx, a, id, "user.mfa_required", func(tx *store.Tx, u *domain.User) error {
		u.MFARequired = required
		return nil
	})
}
