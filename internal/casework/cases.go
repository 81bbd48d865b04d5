package casework

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Create opens a case owned by the caller.
func (s *Service) Create(ctx context.Context, a accounts.Actor, in Input) (*domain.Case, error) {
	if a.User == nil || a.User.Role != domain.RolePractitioner {
		return nil, domain.Errorf(domain.EFORBIDDEN, "Only practitioners open cases.")
	}
	err := s.DB.Update(ctx, func(tx *store.Tx) error { return in.Validate(tx.Now()) })
	if err != nil {
		return nil, err
	}
	c := &domain.Case{ID: auth.NewID(), OwnerID: a.User.ID, OwnerName: a.User.Name, Reference: in.Reference, Focus: in.Focus,
		InitialsOnly: in.InitialsOnly, Status: domain.CaseOpen, Participants: in.Participants}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		return audit(ctx, tx, a, "case.create", c.ID, "")
	})
	return c, err
}

// Get loads a case the caller may see, and records the view.
func (s *Service) Get(ctx context.Context, a accounts.Actor, id string) (*domain.Case, error) {
	var c *domain.Case
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := Authorize(ctx, tx, a, id, WantView); err != nil {
			return err
		}
		var err error
		c, err = tx.CaseByID(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, s.DB.AuditView(ctx, entry(a, "case.view", id, ""))
}

// CanEdit tells whether the caller may change the case (for showing buttons).
func CanEdit(u *domain.User, c *domain.Case) bool {
	return allowed(u, accessOf(u, c), WantEdit)
}

// IsOwner tells whether the caller owns the case.
func IsOwner(u *domain.User, c *domain.Case) bool {
	return allowed(u, accessOf(u, c), WantOwner)
}

func accessOf(u *domain.User, c *domain.Case) domain.Access {
	if u == nil {
		return domain.AccessNone
	}
	if c.OwnerID == u.ID {
		return domain.AccessOwner
	}
	for _, sh := range c.Shares {
		if sh.UserID == u.ID {
			return domain.AccessShared
		}
	}
	return domain.AccessNone
}

// A caseload page holds CaseloadPage cases unless the caller asks for more,
// up to CaseloadPageMax: every name on it is decrypted, so a page of 50
// answers in a few milliseconds where 200 took four times as long; the
// cursor (next) leads on through the rest.
const (
	CaseloadPage    = 50
	CaseloadPageMax = 200
)

// Caseload lists the caller's cases and records the view.
func (s *Service) Caseload(ctx context.Context, a accounts.Actor, q store.CaseloadQuery) ([]*domain.Case, string, error) {
	if a.User == nil || a.User.Role == domain.RoleAdmin {
		return nil, "", domain.Errorf(domain.EFORBIDDEN, "Administrators manage accounts and don't see case content.")
	}
	q.UserID = a.User.ID
	if q.Limit <= 0 {
		q.Limit = CaseloadPage
	}
	q.Limit = min(q.Limit, CaseloadPageMax)
	var cases []*domain.Case
	var next string
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		cases, next, err = tx.Caseload(ctx, q)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return cases, next, s.DB.AuditView(ctx, entry(a, "case.list", "", ""))
}
