package family

import (
	"context"
	"log/slog"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ErrAskedOften: a new code was asked for one address too often. It is
// said the same whether or not the address belongs to a parent.
var ErrAskedOften = domain.Errorf(domain.ETOOMANY, "A new code was asked for this address several times already. Look for it in your e-mail (and its spam folder), or wait 10 minutes and ask again.")

// ErrNoMail: the service sends no e-mail, so only the guider can give a new code.
var ErrNoMail = domain.Errorf(domain.ENOTFOUND, "This service doesn't send codes by e-mail. Ask your guider for a new code: they can tell you it by phone or when you meet.")

// RequestCode e-mails a fresh code to a parent who asks for one. The
// answer and the work done before answering are the same whether or not
// the address is known: the lookup is made for every address, and the code
// is made and sent after the answer. Limited per connection and per address.
func (s *Service) RequestCode(ctx context.Context, ip, email string) error {
	if s.Mail == nil {
		return ErrNoMail
	}
	now := s.now()
	if !s.IPLimiter.Allow(ctx, "ip:"+ip, now) {
		return ErrTooFast
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || !strings.Contains(email, "@") {
		return ErrEmailForm
	}
	if !s.AskLimiter.Allow(ctx, "email:"+email, now) {
		return ErrAskedOften
	}
	var members []*domain.FamilyMember
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		members, err = tx.FamilyMembersByEmail(ctx, email)
		return err
	}); err != nil {
		return err
	}
	go s.sendCodes(context.WithoutCancel(ctx), members)
	return nil
}

// sendCodes replaces each parent's code with a new one and e-mails it;
// parents locked after wrong codes get none.
func (s *Service) sendCodes(ctx context.Context, members []*domain.FamilyMember) {
	for _, m := range members {
		if s.checkLocked(m, s.now()) != nil {
			continue
		}
		if err := s.sendCode(ctx, m); err != nil {
			slog.WarnContext(ctx, "family: a new sign-in code was not sent", "member", m.ID, "err", err)
		}
	}
}

func (s *Service) sendCode(ctx context.Context, m *domain.FamilyMember) error {
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
	return s.Mail.Send(ctx, m.Email, mailSays(m.Lang, "code.subject"), mailSays(m.Lang, "code.body", m.Name, code, s.base()))
}
