package accounts

import (
	"context"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// SSOLogin is a person the organisation's provider vouched for.
type SSOLogin struct {
	Subject     string // "<issuer> <sub>": stable, unlike an e-mail address
	Email, Name string
	Role        domain.Role // from their groups: the provider decides
	ProviderMFA bool        // the provider asked for a second factor
}

// LoginSSO signs in a person the provider vouched for: their account is
// found by subject, or by e-mail the first time (and linked), or made. The
// provider's groups decide the role, every time. A disabled account stays
// out. The session still needs attune's second factor unless the service
// trusts the provider's.
func (s *Service) LoginSSO(ctx context.Context, ip string, in SSOLogin) (string, *domain.Session, error) {
	if !s.IPLimiter.Allow(ctx, "ip:"+ip, s.Now()) {
		return "", nil, domain.Errorf(domain.ETOOMANY, "Too many sign-in attempts from here. Wait a minute, then try again.")
	}
	var u *domain.User
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		u, err = s.ssoAccount(ctx, tx, ip, in)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	if !u.Active() {
		return "", nil, domain.Errorf(domain.EFORBIDDEN, "This account is disabled. Ask your administrator.")
	}
	mfa := in.ProviderMFA || (!u.MFAEnrolled() && !u.MFARequired)
	return s.startSession(ctx, u, ip, mfa)
}

// ssoAccount finds, links or makes the account, and keeps its role in step.
func (s *Service) ssoAccount(ctx context.Context, tx *store.Tx, ip string, in SSOLogin) (*domain.User, error) {
	u, err := tx.UserBySSOSubject(ctx, in.Subject)
	if store.IsNotFound(err) {
		return s.linkOrCreate(ctx, tx, ip, in)
	} else if err != nil {
		return nil, err
	}
	return u, s.syncRole(ctx, tx, ip, u, in.Role)
}

func (s *Service) linkOrCreate(ctx context.Context, tx *store.Tx, ip string, in SSOLogin) (*domain.User, error) {
	u, err := tx.UserByEmail(ctx, in.Email)
	if store.IsNotFound(err) {
		u = &domain.User{ID: auth.NewID(), Email: in.Email, Name: in.Name, Role: in.Role, MFARequired: !in.ProviderMFA}
		if err := tx.CreateUser(ctx, u); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, Actor{User: u, IP: ip}, "user.create.sso", u.ID, string(u.Role)); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	if err := tx.LinkSSOSubject(ctx, u.ID, in.Subject); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, tx, Actor{User: u, IP: ip}, "user.sso.link", u.ID, ""); err != nil {
		return nil, err
	}
	return u, s.syncRole(ctx, tx, ip, u, in.Role)
}

// syncRole gives the account the role the provider's groups say.
func (s *Service) syncRole(ctx context.Context, tx *store.Tx, ip string, u *domain.User, role domain.Role) error {
	if u.Role == role {
		return nil
	}
	u.Role = role
	if err := tx.UpdateUser(ctx, u); err != nil {
		return err
	}
	return s.audit(ctx, tx, Actor{User: u, IP: ip}, "user.role.sso", u.ID, string(role))
}
