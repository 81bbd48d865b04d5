package accounts

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/auth"
)

// unknownKeep is how long the count of wrong passwords for an address with
// no account is kept after its last one.
const unknownKeep = 30 * 24 * time.Hour

// unknownLogin answers a sign-in for an address that has no account as one
// with an account and a wrong password is answered: the same error, the
// same lock after the same number of tries, and about the same time (a
// password check against a dummy hash and one database write, as for an
// account; none while locked, as for an account).
func (s *Service) unknownLogin(ctx context.Context, email, password string, now time.Time) error {
	key := strings.ToLower(strings.TrimSpace(email))
	until, err := s.Unknown.Fail(ctx, key, now, s.Lockout)
	if err != nil {
		slog.WarnContext(ctx, "counting a wrong password for an unknown address", "err", err)
	}
	if err := lockedError(until, now); err != nil {
		return err
	}
	auth.VerifyPassword(auth.DummyHash, password)
	return errBadLogin
}

// ForgetUnknown drops the counts of wrong passwords for addresses with no
// account whose last one is older than 30 days (serve's sweep calls it).
func (s *Service) ForgetUnknown(ctx context.Context) error {
	return s.Unknown.Forget(ctx, s.Now().Add(-unknownKeep))
}
