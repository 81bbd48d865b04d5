package family

import (
	"context"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// The sign-in errors, one value each so the pages can say them in the parent's language.
var (
	ErrLinkGone  = domain.Errorf(domain.ENOTFOUND, "This link has already been used or has expired. Ask your guider for a new one, or sign in with a code.")
	ErrBadCode   = domain.Errorf(domain.EUNAUTHORIZED, "That code doesn't match. Check your e-mail address and the 8 digits, then try again. Each code works once.")
	ErrTooFast   = domain.Errorf(domain.ETOOMANY, "Too many tries from this connection. Please wait a minute, then try again.")
	ErrLocked    = domain.Errorf(domain.ETOOMANY, "Too many wrong tries. To keep your family's page safe, please wait a few minutes and try again, or ask your guider for a new code.")
	ErrCodesVoid = domain.Errorf(domain.ETOOMANY, "Too many wrong codes were tried, so your codes have stopped working to keep your family's page safe. Ask your guider for a new code.")
	ErrCodeUsed  = domain.Errorf(domain.EUNAUTHORIZED, "This code has already been used, or a newer code or link took its place. Each code works once: ask for a new one below.")
	ErrCodeOld   = domain.Errorf(domain.EUNAUTHORIZED, "This code has expired. Codes work for a limited time: ask for a new one below.")
	ErrCodeForm  = domain.FieldError("code", "The code is 8 digits, like 1234 5678.")
	ErrEmailForm = domain.FieldError("email", "Write the e-mail address your guider has for you.")
)

// LinkMember tells who a sign-in link is for, without using it (the page
// asks the parent to press a button, so a mail scanner opening the link
// doesn't use it up).
func (s *Service) LinkMember(ctx context.Context, ip, token string) (*domain.FamilyMember, error) {
	if !s.IPLimiter.Allow(ctx, "ip:"+ip, s.now()) {
		return nil, ErrTooFast
	}
	var m *domain.FamilyMember
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		p, err := tx.FamilyPassByHash(ctx, auth.HashToken(token), domain.PassLink)
		if store.IsNotFound(err) {
			return ErrLinkGone
		} else if err != nil {
			return err
		}
		m, err = tx.FamilyMemberByID(ctx, p.MemberID)
		return err
	})
	if err == nil && !m.Active() {
		return nil, ErrLinkGone
	}
	return m, err
}

// SignInLink uses a link and starts a device session; it returns the
// session token for the cookie.
func (s *Service) SignInLink(ctx context.Context, ip, token string) (string, *domain.FamilyMember, error) {
	if !s.IPLimiter.Allow(ctx, "ip:"+ip, s.now()) {
		return "", nil, ErrTooFast
	}
	hash := auth.HashToken(token)
	var plain string
	var m *domain.FamilyMember
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.FamilyPassByHash(ctx, hash, domain.PassLink)
		if store.IsNotFound(err) {
			return ErrLinkGone
		} else if err != nil {
			return err
		}
		if m, err = tx.FamilyMemberByID(ctx, p.MemberID); err != nil {
			return err
		}
		if !m.Active() {
			return ErrLinkGone
		}
		if ok, err := tx.UseFamilyPass(ctx, hash); err != nil || !ok {
			return orGone(err)
		}
		if err := tx.VoidFamilyPasses(ctx, m.ID, ""); err != nil { // the code of the same invitation too
			return err
		}
		plain, err = s.startSession(ctx, tx, m, ip, "link")
		return err
	})
	return plain, m, err
}

func orGone(err error) error {
	if err != nil {
		return err
	}
	return ErrLinkGone
}

// SignInCode checks an e-mail address and an 8-digit code and starts a
// device session. Wrong codes count towards a lock per parent; after
// VoidAfter wrong codes every code of theirs stops working.
func (s *Service) SignInCode(ctx context.Context, ip, email, code string) (string, *domain.FamilyMember, error) {
	now := s.now()
	if !s.IPLimiter.Allow(ctx, "ip:"+ip, now) {
		return "", nil, ErrTooFast
	}
	email, code = strings.ToLower(strings.TrimSpace(email)), strings.Join(strings.Fields(code), "")
	if email == "" {
		return "", nil, ErrEmailForm
	}
	if len(code) != 8 || strings.Trim(code, "0123456789") != "" {
		return "", nil, ErrCodeForm
	}
	var members []*domain.FamilyMember
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		members, err = tx.FamilyMembersByEmail(ctx, email)
		return err
	}); err != nil {
		return "", nil, err
	}
	for _, m := range members {
		if err := s.checkLocked(m, now); err != nil {
			return "", nil, err
		}
	}
	for _, m := range members {
		plain, err := s.tryCode(ctx, ip, m, code)
		if err == nil {
			return plain, m, nil
		} else if err != ErrBadCode {
			return "", nil, err
		}
	}
	if err := s.spentCode(ctx, members, code); err != nil {
		return "", nil, err
	}
	for _, m := range members {
		s.recordFailure(ctx, m, ip, "code")
	}
	return "", nil, ErrBadCode
}

// spentCode tells a code that was right once but was used (or replaced) or
// has expired: the parent's mistake is not a guess and doesn't count
// towards the lock.
func (s *Service) spentCode(ctx context.Context, members []*domain.FamilyMember, code string) error {
	return s.DB.View(ctx, func(tx *store.Tx) error {
		for _, m := range members {
			state, err := tx.FamilyPassState(ctx, codeHash(m.ID, code))
			if err != nil {
				return err
			}
			switch state {
			case "used":
				return ErrCodeUsed
			case "expired":
				return ErrCodeOld
			}
		}
		return nil
	})
}

func (s *Service) tryCode(ctx context.Context, ip string, m *domain.FamilyMember, code string) (string, error) {
	hash := codeHash(m.ID, code)
	var plain string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		ok, err := tx.UseFamilyPass(ctx, hash)
		if err != nil {
			return err
		}
		if !ok {
			return ErrBadCode
		}
		if err := tx.VoidFamilyPasses(ctx, m.ID, ""); err != nil { // the link of the same invitation too
			return err
		}
		plain, err = s.startSession(ctx, tx, m, ip, "code")
		return err
	})
	return plain, err
}

// checkLocked refuses a parent after too many wrong codes or PINs, saying what to do.
func (s *Service) checkLocked(m *domain.FamilyMember, now time.Time) error {
	if m.Failed >= s.VoidAfter {
		return ErrCodesVoid
	}
	if now.Before(s.Lockout.LockedUntil(m.Failed, m.LastFailedAt)) {
		return ErrLocked
	}
	return nil
}

// recordFailure counts a wrong code or PIN; at VoidAfter every pass stops working.
func (s *Service) recordFailure(ctx context.Context, m *domain.FamilyMember, ip, what string) {
	_ = s.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.FamilyMemberByID(ctx, m.ID)
		if err != nil {
			return err
		}
		cur.Failed++
		cur.LastFailedAt = s.now()
		if err := tx.UpdateFamilyMember(ctx, cur); err != nil {
			return err
		}
		if cur.Failed >= s.VoidAfter {
			if err := tx.VoidFamilyPasses(ctx, cur.ID, ""); err != nil {
				return err
			}
		}
		*m = *cur
		return tx.Audit(ctx, domain.AuditEntry{ActorID: "family:" + cur.ID, Action: "family.signin.failed",
			ObjectType: "family_member", ObjectID: cur.ID, CaseID: cur.CaseID, IP: ip, Detail: what})
	})
}
