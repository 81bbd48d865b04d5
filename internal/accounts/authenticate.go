package accounts

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// Authenticate finds the live session for a cookie token. A session past its
// idle or absolute end, or of a disabled account, is deleted and refused.
func (s *Service) Authenticate(ctx context.Context, token string) (*domain.User, *domain.Session, error) {
	hash := auth.HashToken(token)
	var u *domain.User
	var sess *domain.Session
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		sess, u, err = tx.SessionWithUser(ctx, hash)
		return err
	})
	if store.IsNotFound(err) {
		return nil, nil, errSignedOut
	} else if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.IdleTimeout || !u.Active() {
		_ = s.DB.Update(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, hash) })
		return nil, nil, errSignedOut
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		sess.LastSeenAt = now
		_ = s.DB.Update(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, hash, now) })
	}
	return u, sess, nil
}

var errSignedOut = domain.Errorf(domain.EUNAUTHORIZED, "You have been signed out. Sign in again to continue.")

// SweepSessions deletes sessions that have ended.
func (s *Service) SweepSessions(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.DeleteExpiredSessions(ctx, s.Now().Add(-s.IdleTimeout))
		return err
	})
	return n, err
}
