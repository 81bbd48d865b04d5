package accounts

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// DefaultTokenLifetime is how long an API token works unless configured.
const DefaultTokenLifetime = 90 * 24 * time.Hour

var errBadToken = domain.Errorf(domain.EUNAUTHORIZED,
	"This API token isn't valid: it was revoked, it expired, or the account was reset. Create a new one on your account page or with `attune token create`.")

// AuthenticateToken finds the account behind an API bearer token that has
// not expired, of an active account.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (*domain.User, error) {
	var u *domain.User
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		t, err := tx.APITokenByHash(ctx, auth.HashToken(token))
		if err != nil {
			return err
		}
		if t.Expired(s.Now()) {
			return store.ErrNoRows
		}
		u, err = tx.UserByID(ctx, t.UserID)
		return err
	})
	if store.IsNotFound(err) || (err == nil && !u.Active()) {
		return nil, errBadToken
	}
	return u, err
}

// CreateToken makes an API bearer token for an account (the command line's
// `attune token create`). The plain token is shown once and never stored.
func (s *Service) CreateToken(ctx context.Context, email, label string) (string, error) {
	var u *domain.User
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { u, err = tx.UserByEmail(ctx, email); return err })
	if store.IsNotFound(err) {
		return "", domain.Errorf(domain.ENOTFOUND, "There is no account for %s. Add it first with `attune user add`.", email)
	} else if err != nil {
		return "", err
	}
	return s.newToken(ctx, Actor{User: u, IP: "cli"}, u, label)
}

// CreateOwnToken makes an API token for the signed-in account (its page).
func (s *Service) CreateOwnToken(ctx context.Context, a Actor, label string) (string, error) {
	if a.User == nil {
		return "", errBadToken
	}
	return s.newToken(ctx, a, a.User, label)
}

func (s *Service) newToken(ctx context.Context, a Actor, u *domain.User, label string) (string, error) {
	if !u.Active() {
		return "", domain.Errorf(domain.EFORBIDDEN, "The account for %s is disabled.", u.Email)
	}
	if len(label) > 80 {
		return "", domain.FieldError("label", "Give the token a shorter name (up to 80 characters).")
	}
	plain, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		now := s.Now().UTC().Truncate(time.Millisecond)
		t := &domain.APIToken{ID: auth.NewID(), UserID: u.ID, Hash: hash, Label: label, CreatedAt: now, ExpiresAt: now.Add(s.TokenLifetime)}
		if err := tx.CreateAPIToken(ctx, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "token.create", t.ID, "for "+u.ID+", expires "+t.ExpiresAt.UTC().Format("2006-01-02"))
	})
	return plain, err
}

// mayManage lets an account's owner and administrators see and revoke its
// tokens; anyone else gets "not found".
func mayManage(a Actor, userID string) error {
	if a.User != nil && a.User.Active() && (a.User.ID == userID || a.User.Role == domain.RoleAdmin) {
		return nil
	}
	return domain.NotFound("account")
}

// Tokens lists an account's API tokens (never the tokens themselves).
func (s *Service) Tokens(ctx context.Context, a Actor, userID string) ([]domain.APIToken, error) {
	if err := mayManage(a, userID); err != nil {
		return nil, err
	}
	var out []domain.APIToken
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { out, err = tx.UserAPITokens(ctx, userID); return err })
	return out, err
}

// TokensByEmail lists an account's tokens for the command line.
func (s *Service) TokensByEmail(ctx context.Context, email string) ([]domain.APIToken, error) {
	var out []domain.APIToken
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if store.IsNotFound(err) {
			return domain.Errorf(domain.ENOTFOUND, "There is no account for %s.", email)
		} else if err != nil {
			return err
		}
		out, err = tx.UserAPITokens(ctx, u.ID)
		return err
	})
	return out, err
}

// RevokeToken revokes one token, by its owner or an administrator.
func (s *Service) RevokeToken(ctx context.Context, a Actor, id string) error {
	return s.revokeToken(ctx, a, id, false)
}

// RevokeTokenCLI revokes one token from the command line (the operator is trusted).
func (s *Service) RevokeTokenCLI(ctx context.Context, id string) error {
	return s.revokeToken(ctx, Actor{IP: "cli"}, id, true)
}

func (s *Service) revokeToken(ctx context.Context, a Actor, id string, operator bool) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		t, err := tx.APITokenByID(ctx, id)
		if store.IsNotFound(err) {
			return domain.NotFound("token")
		} else if err != nil {
			return err
		}
		if !operator && mayManage(a, t.UserID) != nil {
			return domain.NotFound("token")
		}
		if err := tx.DeleteAPIToken(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "token.revoke", t.ID, "of "+t.UserID)
	})
}
