package accounts

import (
	"context"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

var errBadCode = domain.FieldError("code", "That code didn't match. Enter the 6-digit code your authenticator app shows now.")

// errBadEnrolCode keeps the same secret: the phone already holds it.
var errBadEnrolCode = domain.FieldError("code", "That code didn't match. Keep the account you just added in the app and type its newest code; "+
	"if it still doesn't match, check that your phone's time is set automatically.")

// VerifyTOTP completes a sign-in with the code from the authenticator app.
func (s *Service) VerifyTOTP(ctx context.Context, sess *domain.Session, ip, code string) error {
	u, err := s.load(ctx, sess.UserID)
	if err != nil {
		return err
	}
	if err := s.checkLocked(u, s.Now()); err != nil {
		return err
	}
	secret, err := s.Secrets.OpenField(TOTPPurpose, u.TOTPSecret)
	if err != nil && u.MFAEnrolled() {
		return err
	}
	step, ok := auth.ValidateTOTP(secret, code, s.Now(), u.TOTPLastStep)
	if !ok || !u.MFAEnrolled() {
		s.recordFailure(ctx, u, ip, "totp")
		return errBadCode
	}
	return s.passMFA(ctx, sess, ip, func(tx *store.Tx, cur *domain.User) error {
		cur.TOTPLastStep = step
		return tx.UpdateUser(ctx, cur)
	})
}

// UseRecoveryCode completes a sign-in with a one-time recovery code.
func (s *Service) UseRecoveryCode(ctx context.Context, sess *domain.Session, ip, code string) error {
	u, err := s.load(ctx, sess.UserID)
	if err != nil {
		return err
	}
	if err := s.checkLocked(u, s.Now()); err != nil {
		return err
	}
	err = s.passMFA(ctx, sess, ip, func(tx *store.Tx, cur *domain.User) error {
		ok, err := tx.UseRecoveryCode(ctx, cur.ID, auth.HashRecoveryCode(code))
		if err == nil && !ok {
			return domain.FieldError("code", "That recovery code isn't one of yours, or it was used already.")
		}
		return err
	})
	if domain.ErrorCode(err) == domain.EINVALID {
		s.recordFailure(ctx, u, ip, "recovery code")
	}
	return err
}

func (s *Service) passMFA(ctx context.Context, sess *domain.Session, ip string, fn func(*store.Tx, *domain.User) error) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.UserByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		if err := fn(tx, cur); err != nil {
			return err
		}
		sess.MFAPassed = true
		if err := tx.UpdateSession(ctx, sess); err != nil {
			return err
		}
		return s.succeeded(ctx, tx, cur, ip)
	})
}

// BeginEnrol makes a new TOTP secret for the session's user and keeps it on
// the session until a code confirms it. It returns the otpauth URI.
func (s *Service) BeginEnrol(ctx context.Context, sess *domain.Session) (string, error) {
	u, err := s.load(ctx, sess.UserID)
	if err != nil {
		return "", err
	}
	secret, uri, err := auth.NewTOTP(s.Issuer, u.Email)
	if err != nil {
		return "", err
	}
	if sess.EnrolSecret, err = s.Secrets.SealField(TOTPPurpose, secret); err != nil {
		return "", err
	}
	return uri, s.DB.Update(ctx, func(tx *store.Tx) error { return tx.UpdateSession(ctx, sess) })
}

// PendingEnrol returns the otpauth URI of the secret being enrolled, so a
// mistyped code shows the same QR code again; without one it begins anew.
func (s *Service) PendingEnrol(ctx context.Context, sess *domain.Session) (string, error) {
	if sess.EnrolSecret == "" {
		return s.BeginEnrol(ctx, sess)
	}
	u, err := s.load(ctx, sess.UserID)
	if err != nil {
		return "", err
	}
	secret, err := s.Secrets.OpenField(TOTPPurpose, sess.EnrolSecret)
	if err != nil {
		return "", err
	}
	return auth.TOTPURI(s.Issuer, u.Email, secret)
}

// ConfirmEnrol checks a code against the secret being enrolled, stores it, and
// returns fresh recovery codes to show once.
func (s *Service) ConfirmEnrol(ctx context.Context, sess *domain.Session, ip, code string) ([]string, error) {
	if sess.EnrolSecret == "" {
		return nil, domain.Errorf(domain.EINVALID, "Start again: open the set-up page to get a new QR code.")
	}
	secret, err := s.Secrets.OpenField(TOTPPurpose, sess.EnrolSecret)
	if err != nil {
		return nil, err
	}
	step, ok := auth.ValidateTOTP(secret, code, s.Now(), 0)
	if !ok {
		return nil, errBadEnrolCode
	}
	plain, hashes, err := auth.NewRecoveryCodes(10)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.UserByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		cur.TOTPSecret, cur.TOTPLastStep = sess.EnrolSecret, step
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, cur.ID, hashes); err != nil {
			return err
		}
		sess.EnrolSecret, sess.MFAPassed = "", true
		if err := tx.UpdateSession(ctx, sess); err != nil {
			return err
		}
		return s.audit(ctx, tx, Actor{User: cur, IP: ip}, "user.mfa_enrol", cur.ID, "totp"+afterReset(ctx, tx, cur.ID))
	})
	return plain, err
}
