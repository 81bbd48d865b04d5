package family

import (
	"context"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

func pinEnabled(ctx context.Context, tx *store.Tx) (bool, error) {
	v, err := tx.Setting(ctx, domain.SettingFamilyPIN, "false")
	return v == "true", err
}

// PINEnabled tells whether parents protect their page with a PIN.
func (s *Service) PINEnabled(ctx context.Context) (bool, error) {
	var on bool
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		on, err = pinEnabled(ctx, tx)
		return err
	})
	return on, err
}

// SetPINEnabled turns parents' PINs on or off; administrators only.
func (s *Service) SetPINEnabled(ctx context.Context, a accounts.Actor, on bool) error {
	if err := adminOnly(a); err != nil {
		return err
	}
	v := "false"
	if on {
		v = "true"
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, domain.SettingFamilyPIN, v, a.ID()); err != nil {
			return err
		}
		return tx.Audit(ctx, staffEntry(a, "settings.update", "setting", domain.SettingFamilyPIN, "", v))
	})
}

// The PIN errors.
var (
	ErrPINForm   = domain.FieldError("pin", "Choose 4 to 8 digits.")
	ErrPINEasy   = domain.FieldError("pin", "This PIN is easy to guess. Choose digits that aren't all the same or in a row.")
	ErrPINAgain  = domain.FieldError("again", "The two PINs are not the same. Type the same digits twice.")
	ErrBadPIN    = domain.FieldError("pin", "That PIN isn't right. Try again. If you have forgotten it, ask your guider to reset it.")
	ErrPINLocked = domain.Errorf(domain.ETOOMANY, "Too many wrong PINs, so this device was signed out to keep your family's page safe. Ask your guider to reset your PIN and give you a new code.")
)

func checkPIN(pin string) (string, error) {
	pin = strings.TrimSpace(pin)
	if len(pin) < 4 || len(pin) > 8 || strings.Trim(pin, "0123456789") != "" {
		return "", ErrPINForm
	}
	if strings.Count(pin, pin[:1]) == len(pin) || strings.Contains("0123456789", pin) || strings.Contains("9876543210", pin) {
		return "", ErrPINEasy
	}
	return pin, nil
}

// SetPIN stores the PIN a parent chose (the device signed in just now, or
// unlocked, may set it).
func (s *Service) SetPIN(ctx context.Context, p *Parent, pin, again string) error {
	if p == nil || p.Session == nil || p.Session.Locked {
		return errNoParent
	}
	pin, err := checkPIN(pin)
	if err != nil {
		return err
	}
	if strings.TrimSpace(again) != pin {
		return ErrPINAgain
	}
	hash, err := auth.HashPassword(pin)
	if err != nil {
		return err
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.FamilyMemberByID(ctx, p.Member.ID)
		if err != nil {
			return err
		}
		m.PINHash = hash
		if err := tx.UpdateFamilyMember(ctx, m); err != nil {
			return err
		}
		if err := tx.UnlockFamilySession(ctx, p.Session.IDHash, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, p.entry("family.pin_set", "family_member", m.ID, ""))
	})
}

// Unlock checks the PIN on a locked device. Wrong PINs count towards the
// same lock as wrong codes; when the lock is reached the device is signed out.
func (s *Service) Unlock(ctx context.Context, p *Parent, pin string) error {
	if p == nil || p.Session == nil {
		return errNoParent
	}
	if err := s.checkLocked(p.Member, s.now()); err != nil {
		return err
	}
	ok, _, _ := auth.VerifyPassword(p.Member.PINHash, strings.TrimSpace(pin))
	if !ok || p.Member.PINHash == "" {
		s.recordFailure(ctx, p.Member, p.IP, "pin")
		if s.checkLocked(p.Member, s.now()) != nil {
			_ = s.DB.Update(ctx, func(tx *store.Tx) error { return tx.DeleteFamilySession(ctx, p.Session.IDHash) })
			return ErrPINLocked
		}
		return ErrBadPIN
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if p.Member.Failed != 0 {
			p.Member.Failed = 0
			if err := tx.UpdateFamilyMember(ctx, p.Member); err != nil {
				return err
			}
		}
		if err := tx.UnlockFamilySession(ctx, p.Session.IDHash, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, p.entry("family.unlock", "family_member", p.Member.ID, ""))
	})
}
