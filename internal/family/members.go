package family

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// MemberView is an invited parent with their signed-in devices.
type MemberView struct {
	*domain.FamilyMember
	Devices []*domain.FamilySession
	Locked  bool // too many wrong codes or PINs for now
}

// Members lists a case's invited parents for its staff.
func (s *Service) Members(ctx context.Context, a accounts.Actor, caseID string) ([]MemberView, error) {
	var out []MemberView
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantView); err != nil {
			return err
		}
		ms, err := tx.CaseFamilyMembers(ctx, caseID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			ds, err := tx.MemberFamilySessions(ctx, m.ID)
			if err != nil {
				return err
			}
			locked := s.now().Before(s.Lockout.LockedUntil(m.Failed, m.LastFailedAt)) || m.Failed >= s.VoidAfter
			out = append(out, MemberView{FamilyMember: m, Devices: ds, Locked: locked})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.DB.AuditView(ctx, staffEntry(a, "family.list", "case", caseID, caseID, ""))
}

// SignOutDevices ends every device session of a parent (the guider's button).
func (s *Service) SignOutDevices(ctx context.Context, a accounts.Actor, memberID string) (*domain.FamilyMember, error) {
	return s.staffChange(ctx, a, memberID, "family.signout_all", func(tx *store.Tx, m *domain.FamilyMember) error {
		return tx.DeleteMemberFamilySessions(ctx, m.ID)
	})
}

// Remove ends a parent's access: their sessions, links and codes stop working.
func (s *Service) Remove(ctx context.Context, a accounts.Actor, memberID string) (*domain.FamilyMember, error) {
	return s.staffChange(ctx, a, memberID, "family.remove", func(tx *store.Tx, m *domain.FamilyMember) error {
		m.EndedAt = s.now()
		if err := tx.UpdateFamilyMember(ctx, m); err != nil {
			return err
		}
		if err := tx.VoidFamilyPasses(ctx, m.ID, ""); err != nil {
			return err
		}
		return tx.DeleteMemberFamilySessions(ctx, m.ID)
	})
}

// ResetPIN forgets a parent's PIN and signs out their devices; they sign in
// again with a new code (made here) and choose a new PIN.
func (s *Service) ResetPIN(ctx context.Context, a accounts.Actor, memberID string) (*Invitation, error) {
	_, err := s.staffChange(ctx, a, memberID, "family.pin_reset", func(tx *store.Tx, m *domain.FamilyMember) error {
		m.PINHash, m.Failed = "", 0
		if err := tx.UpdateFamilyMember(ctx, m); err != nil {
			return err
		}
		return tx.DeleteMemberFamilySessions(ctx, m.ID)
	})
	if err != nil {
		return nil, err
	}
	return s.NewPasses(ctx, a, memberID)
}

func (s *Service) staffChange(ctx context.Context, a accounts.Actor, memberID, action string,
	fn func(tx *store.Tx, m *domain.FamilyMember) error) (*domain.FamilyMember, error) {
	var out *domain.FamilyMember
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		m, err := s.staffMember(ctx, tx, a, memberID)
		if err != nil {
			return err
		}
		if err := fn(tx, m); err != nil {
			return err
		}
		out = m
		return tx.Audit(ctx, staffEntry(a, action, "family_member", m.ID, m.CaseID, ""))
	})
	return out, err
}
