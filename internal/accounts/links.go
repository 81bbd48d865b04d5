package accounts

import (
	"context"
	"errors"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// newLink stores a one-time link's hash and returns its token.
func (s *Service) newLink(ctx context.Context, tx *store.Tx, purpose, userID string) (string, error) {
	return s.storeLink(ctx, tx, &domain.OneTimeLink{Purpose: purpose, UserID: userID})
}

// storeLink gives l a token and its expiry, stores its hash and returns the token.
func (s *Service) storeLink(ctx context.Context, tx *store.Tx, l *domain.OneTimeLink) (string, error) {
	plain, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	l.Hash, l.ExpiresAt = hash, s.Now().Add(s.LinkLifetime)
	return plain, tx.CreateLink(ctx, l)
}

var errNeedsApproval = domain.Errorf(domain.EFORBIDDEN, "This link works only once a second administrator has approved the reset. Ask another administrator to approve it on your account's page in Administration.")

var errLinkGone = domain.Errorf(domain.ENOTFOUND, "This link has expired or has already been used. Ask your administrator for a new one.")

var errSetupDone = domain.Errorf(domain.ENOTFOUND, "This service already has accounts, so the setup link no longer works. Sign in, or ask an administrator for an account.")

// setupOpen refuses the setup link once any account exists, in the
// caller's transaction.
func setupOpen(ctx context.Context, tx *store.Tx) error {
	n, err := tx.CountUsers(ctx)
	if err == nil && n > 0 {
		return errSetupDone
	}
	return err
}

// SetupLink returns a one-time link to create the first administrator, or ""
// when the service already has accounts.
func (s *Service) SetupLink(ctx context.Context) (string, error) {
	var link string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.CountUsers(ctx)
		if err != nil || n > 0 {
			return err
		}
		link, err = s.newLink(ctx, tx, domain.LinkSetup, "")
		return err
	})
	return link, err
}

// CheckLink tells whether a link is still good, without using it.
func (s *Service) CheckLink(ctx context.Context, token, purpose string) error {
	return s.DB.View(ctx, func(tx *store.Tx) error {
		l, err := tx.LinkByHash(ctx, auth.HashToken(token), purpose)
		if store.IsNotFound(err) {
			return errLinkGone
		}
		if err == nil && purpose == domain.LinkSetup {
			err = setupOpen(ctx, tx)
		}
		if err == nil && l.NeedsApproval && l.ApprovedBy == "" {
			err = errNeedsApproval
		}
		return err
	})
}

// CompleteSetup uses the setup link to create the first administrator,
// only while the service has no account (checked in the same transaction).
func (s *Service) CompleteSetup(ctx context.Context, ip, token string, n NewUser) (*domain.User, error) {
	n.Role = string(domain.RoleAdmin)
	if n.Password == "" {
		return nil, domain.FieldError("password", "Choose a password of at least 12 characters.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	u := &domain.User{ID: auth.NewID(), Email: n.Email, Name: n.Name, Role: domain.RoleAdmin, MFARequired: true,
		PasswordHash: hash, PasswordSetAt: s.Now()}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := s.useLink(ctx, tx, token, domain.LinkSetup); err != nil {
			return err
		}
		if err := setupOpen(ctx, tx); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{User: u, IP: ip}, "user.setup", u.ID, "first administrator")
	})
	return u, err
}

// CompleteReset uses a reset (or welcome) link to set a new password.
func (s *Service) CompleteReset(ctx context.Context, ip, token, password string) (*domain.User, error) {
	if err := auth.CheckPasswordStrength(password); err != nil {
		return nil, domain.FieldError("password", "%s", err.Error())
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	var u *domain.User
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		l, err := tx.LinkByHash(ctx, auth.HashToken(token), domain.LinkReset)
		if store.IsNotFound(err) {
			return errLinkGone
		} else if err != nil {
			return err
		}
		if l.NeedsApproval && l.ApprovedBy == "" {
			return errNeedsApproval
		}
		if err := s.useLink(ctx, tx, token, domain.LinkReset); err != nil {
			return err
		}
		if u, err = tx.UserByID(ctx, l.UserID); err != nil {
			return err
		}
		if !u.Active() {
			return domain.Errorf(domain.EFORBIDDEN, "This account is disabled. Ask your administrator.")
		}
		u.PasswordHash, u.PasswordSetAt, u.FailedLogins = hash, s.Now(), 0
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{User: u, IP: ip}, "user.password_set", u.ID, resetBy(ctx, tx, l))
	})
	return u, err
}

func (s *Service) useLink(ctx context.Context, tx *store.Tx, token, purpose string) error {
	hash := auth.HashToken(token)
	if _, err := tx.LinkByHash(ctx, hash, purpose); err != nil {
		if errors.Is(err, store.ErrNoRows) {
			return errLinkGone
		}
		return err
	}
	ok, err := tx.UseLink(ctx, hash)
	if err == nil && !ok {
		return errLinkGone
	}
	return err
}

// resetBy says, for the audit trail, which administrator reset the account
// whose link this is (and who approved it); "" for a welcome link.
func resetBy(ctx context.Context, tx *store.Tx, l *domain.OneTimeLink) string {
	if l.RequestedBy == "" {
		return ""
	}
	name := func(id string) string {
		if u, err := tx.UserByID(ctx, id); err == nil {
			return u.Name + " (" + id + ")"
		}
		return id
	}
	out := "access reset by administrator " + name(l.RequestedBy)
	if l.ApprovedBy != "" {
		out += ", approved by " + name(l.ApprovedBy)
	}
	return out
}
