package accounts

import (
	"context"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Reauthenticate asks a signed-in person to prove themselves again (password
// and the authenticator code, which must be set up) before a grave step such as
// break-glass access. Wrong answers count towards the lockout like sign-in;
// a code cannot be used twice.
func (s *Service) Reauthenticate(ctx context.Context, a Actor, password, code string) error {
	if a.User == nil {
		return errBadLogin
	}
	u, err := s.load(ctx, a.User.ID)
	if err != nil {
		return err
	}
	if err := s.checkLocked(u, s.Now()); err != nil {
		return err
	}
	if ok, _, _ := auth.VerifyPassword(u.PasswordHash, password); !ok || u.PasswordHash == "" || !u.Active() {
		s.recordFailure(ctx, u, a.IP, "reauth password")
		return domain.FieldError("password", "That password is not right. Enter the password you sign in with.")
	}
	if !u.MFAEnrolled() {
		return domain.FieldError("code", "This needs your authenticator app, and your account has none. Set one up (or ask another administrator to reset your access), then try again.")
	}
	secret, err := s.Secrets.OpenField(TOTPPurpose, u.TOTPSecret)
	if err != nil {
		return err
	}
	step, ok := auth.ValidateTOTP(secret, code, s.Now(), u.TOTPLastStep)
	if !ok {
		s.recordFailure(ctx, u, a.IP, "reauth totp")
		return errBadCode
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		cur.TOTPLastStep = step
		return tx.UpdateUser(ctx, cur)
	})
}
