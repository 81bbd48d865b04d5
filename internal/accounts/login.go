package accounts

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

var errBadLogin = domain.Errorf(domain.EUNAUTHORIZED, "That e-mail address and password don't match an account. Check them and try again.")

// Login checks a password and starts a session. The session still needs the
// second factor when the account has one or must have one (Session.MFAPassed).
// It returns the session token for the cookie.
func (s *Service) Login(ctx context.Context, ip, email, password string) (string, *domain.Session, error) {
	now := s.Now()
	if !s.IPLimiter.Allow(ctx, "ip:"+ip, now) {
		return "", nil, domain.Errorf(domain.ETOOMANY, "Too many sign-in attempts from here. Wait a minute, then try again.")
	}
	var u *domain.User
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		u, err = tx.UserByEmail(ctx, email)
		return err
	})
	if store.IsNotFound(err) {
		return "", nil, s.unknownLogin(ctx, email, password, now)
	} else if err != nil {
		return "", nil, err
	}
	if err := s.checkLocked(u, now); err != nil {
		return "", nil, err
	}
	ok, _, _ := auth.VerifyPassword(u.PasswordHash, password)
	if !ok || u.PasswordHash == "" || !u.Active() {
		s.recordFailure(ctx, u, ip, "password")
		if !u.Active() && ok {
			return "", nil, domain.Errorf(domain.EFORBIDDEN, "This account is disabled. Ask your administrator.")
		}
		return "", nil, errBadLogin
	}
	return s.startSession(ctx, u, ip, !u.MFAEnrolled() && !u.MFARequired)
}

func (s *Service) checkLocked(u *domain.User, now time.Time) error {
	return lockedError(s.Lockout.LockedUntil(u.FailedLogins, u.LastFailedAt), now)
}

// lockedError is the answer while a lock lasts until until; nil when it doesn't.
func lockedError(until, now time.Time) error {
	if now.Before(until) {
		wait := until.Sub(now).Round(time.Minute)
		if wait < time.Minute {
			wait = time.Minute
		}
		return domain.Errorf(domain.ETOOMANY, "Too many wrong attempts for this account. Try again in %s, or ask your administrator to reset your access.", wait)
	}
	return nil
}

// recordFailure counts a wrong password or code towards the lockout.
func (s *Service) recordFailure(ctx context.Context, u *domain.User, ip, what string) {
	_ = s.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		cur.FailedLogins++
		cur.LastFailedAt = s.Now()
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{User: cur, IP: ip}, "user.login.failed", cur.ID, what)
	})
}

func (s *Service) startSession(ctx context.Context, u *domain.User, ip string, mfaPassed bool) (string, *domain.Session, error) {
	plain, hash, err := auth.NewToken()
	if err != nil {
		return "", nil, err
	}
	now := s.Now().UTC()
	sess := &domain.Session{IDHash: hash, UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.AbsoluteTimeout), MFAPassed: mfaPassed, IP: ip}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		if mfaPassed {
			return s.succeeded(ctx, tx, u, ip)
		}
		return s.audit(ctx, tx, Actor{User: u, IP: ip}, "user.login.password", u.ID, "")
	})
	return plain, sess, err
}

// succeeded clears the failure count and records the completed sign-in.
func (s *Service) succeeded(ctx context.Context, tx *store.Tx, u *domain.User, ip string) error {
	cur, err := tx.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	if cur.FailedLogins != 0 {
		cur.FailedLogins = 0
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, Actor{User: cur, IP: ip}, "user.login", cur.ID, "")
}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, sess *domain.Session, ip string) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSession(ctx, sess.IDHash); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{User: &domain.User{ID: sess.UserID}, IP: ip}, "user.logout", sess.UserID, "")
	})
}
