package family

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// InviteInput is a parent the guider invites.
type InviteInput struct {
	Name, Email, Lang string
}

func (in *InviteInput) validate() error {
	in.Name, in.Email = strings.TrimSpace(in.Name), strings.ToLower(strings.TrimSpace(in.Email))
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 80 {
		return domain.FieldError("name", "Write the parent's name as they like to be called (up to 80 characters).")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			return domain.FieldError("email", "This doesn't look like an e-mail address. Check it, or leave it empty and show the link instead.")
		}
	}
	if in.Lang == "" {
		in.Lang = "en"
	}
	return nil
}

// Invitation is what the guider gives the parent: a link (also as a QR
// code) and an 8-digit code. Both work once and are shown only now.
type Invitation struct {
	Member  *domain.FamilyMember
	Link    string // the full address to open
	Code    string
	Emailed bool
}

// Invite adds a parent to a case's portal and makes their first link and code.
func (s *Service) Invite(ctx context.Context, a accounts.Actor, caseID string, in InviteInput) (*Invitation, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	m := &domain.FamilyMember{ID: auth.NewID(), CaseID: caseID, Name: in.Name, Email: in.Email, Lang: in.Lang, InvitedBy: a.ID()}
	var inv *Invitation
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantEdit); err != nil {
			return err
		}
		if err := tx.CreateFamilyMember(ctx, m); err != nil {
			return err
		}
		var err error
		if inv, err = s.issue(ctx, tx, m); err != nil {
			return err
		}
		return tx.Audit(ctx, staffEntry(a, "family.invite", "family_member", m.ID, caseID, ""))
	})
	if err != nil {
		return nil, err
	}
	inv.Emailed = s.mailInvitation(ctx, inv)
	return inv, nil
}

// NewPasses replaces a parent's link and code with fresh ones (the old
// ones stop working) and lifts a lock after wrong codes.
func (s *Service) NewPasses(ctx context.Context, a accounts.Actor, memberID string) (*Invitation, error) {
	var inv *Invitation
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		m, err := s.staffMember(ctx, tx, a, memberID)
		if err != nil {
			return err
		}
		if !m.Active() {
			return domain.Errorf(domain.ECONFLICT, "This parent's access was removed. Invite them again to give them a new link.")
		}
		m.Failed = 0
		if err := tx.UpdateFamilyMember(ctx, m); err != nil {
			return err
		}
		if inv, err = s.issue(ctx, tx, m); err != nil {
			return err
		}
		return tx.Audit(ctx, staffEntry(a, "family.passes", "family_member", m.ID, m.CaseID, ""))
	})
	if err != nil {
		return nil, err
	}
	inv.Emailed = s.mailInvitation(ctx, inv)
	return inv, nil
}

// issue voids a member's earlier passes and stores a new link and code.
func (s *Service) issue(ctx context.Context, tx *store.Tx, m *domain.FamilyMember) (*Invitation, error) {
	if err := tx.VoidFamilyPasses(ctx, m.ID, ""); err != nil {
		return nil, err
	}
	plain, hash, err := auth.NewToken()
	if err != nil {
		return nil, err
	}
	code, err := newCode()
	if err != nil {
		return nil, err
	}
	expires := s.now().Add(s.InviteLifetime)
	if err := tx.CreateFamilyPass(ctx, &domain.FamilyPass{Hash: hash, MemberID: m.ID, Kind: domain.PassLink, ExpiresAt: expires}); err != nil {
		return nil, err
	}
	if err := tx.CreateFamilyPass(ctx, &domain.FamilyPass{Hash: codeHash(m.ID, code), MemberID: m.ID, Kind: domain.PassCode, ExpiresAt: expires}); err != nil {
		return nil, err
	}
	return &Invitation{Member: m, Link: s.base() + "/family/in/" + plain, Code: code}, nil
}

// newCode is 8 random digits.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
	if err != nil {
		return "", fmt.Errorf("new code: %w", err)
	}
	return fmt.Sprintf("%08d", n.Int64()), nil
}

// codeHash binds a code to its member, so the same digits of another parent never match.
func codeHash(memberID, code string) string {
	return auth.HashToken("family-code:" + memberID + ":" + code)
}

func (s *Service) mailInvitation(ctx context.Context, inv *Invitation) bool {
	if s.Mail == nil || inv.Member.Email == "" {
		return false
	}
	m := inv.Member
	body := mailSays(m.Lang, "invite.body", m.Name, inv.Link, s.base(), inv.Code)
	return s.Mail.Send(ctx, m.Email, mailSays(m.Lang, "invite.subject"), body) == nil
}

// staffMember loads a parent for a guider who may change their case.
func (s *Service) staffMember(ctx context.Context, tx *store.Tx, a accounts.Actor, memberID string) (*domain.FamilyMember, error) {
	m, err := tx.FamilyMemberByID(ctx, memberID)
	if store.IsNotFound(err) {
		return nil, domain.NotFound("parent")
	} else if err != nil {
		return nil, err
	}
	if err := casework.Authorize(ctx, tx, a, m.CaseID, casework.WantEdit); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.NotFound("parent")
		}
		return nil, err
	}
	return m, nil
}
