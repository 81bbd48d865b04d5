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
	for _, m := range members {
		s.recordFailure(ctx, m, ip, "code")
	}
	return "", nil, ErrBadCode
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

// RequestCode e-mails a fresh code to a parent who asks for one, when the
// service sends e-mail. The answer never says whether the address is known.
func (s *Service) RequestCode(ctx context.Context, ip, email string) error {
	if !s.IPLimiter.Allow(ctx, "ip:"+ip, s.now()) {
		return ErrTooFast
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if s.Mail == nil || email == "" {
		return nil
	}
	var members []*domain.FamilyMember
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		members, err = tx.FamilyMembersByEmail(ctx, email)
		return err
	}); err != nil {
		return err
	}
	for _, m := range members {
		if s.checkLocked(m, s.now()) != nil {
			continue
		}
		code, err := newCode()
		if err != nil {
			return err
		}
		err = s.DB.Update(ctx, func(tx *store.Tx) error {
			if err := tx.VoidFamilyPasses(ctx, m.ID, domain.PassCode); err != nil {
				return err
			}
			return tx.CreateFamilyPass(ctx, &domain.FamilyPass{Hash: codeHash(m.ID, code), MemberID: m.ID, Kind: domain.PassCode,
				ExpiresAt: s.now().Add(s.CodeLifetime)})
		})
		if err != nil {
			return err
		}
		_ = s.Mail.Send(ctx, m.Email, "Your sign-in code for attune", "Hello "+m.Name+",\n\nYour sign-in code is "+code+
			".\nIt works once, for 30 minutes, at "+s.base()+"/family/signin.\n\nIf you didn't ask for it, you can ignore this e-mail.\n")
	}
	return nil
}
