package breakglass

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Review is one grant with everything done under it.
type Review struct {
	Grant   *domain.BreakGlass
	Actions []domain.AuditEntry // the administrator's entries on the case during the grant
}

// Grants lists the grants, newest first, for review (administrators only).
func (s *Service) Grants(ctx context.Context, a accounts.Actor) ([]*domain.BreakGlass, error) {
	if err := mustAdmin(a); err != nil {
		return nil, err
	}
	var out []*domain.BreakGlass
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { out, err = tx.BreakGlassGrants(ctx, 200); return err })
	return out, err
}

// Grant shows one grant and what was done under it.
func (s *Service) Grant(ctx context.Context, a accounts.Actor, id string) (*Review, error) {
	if err := mustAdmin(a); err != nil {
		return nil, err
	}
	rv := &Review{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		g, err := tx.BreakGlassByID(ctx, id)
		if store.IsNotFound(err) {
			return domain.NotFound("emergency access")
		} else if err != nil {
			return err
		}
		rv.Grant = g
		es, err := tx.AuditEntries(ctx, store.AuditFilter{ActorID: g.UserID, CaseID: g.CaseID, Limit: 1000})
		for _, e := range es {
			if !e.At.Before(g.GrantedAt) && !e.At.After(g.ExpiresAt) {
				rv.Actions = append(rv.Actions, e)
			}
		}
		return err
	})
	return rv, err
}

// End ends a grant now; its holder or any administrator may.
func (s *Service) End(ctx context.Context, a accounts.Actor, id string) error {
	return s.change(ctx, a, id, "breakglass.end", func(tx *store.Tx) error { return tx.EndBreakGlass(ctx, id) })
}

// MarkReviewed records that an administrator other than the holder reviewed the grant.
func (s *Service) MarkReviewed(ctx context.Context, a accounts.Actor, id string) error {
	return s.change(ctx, a, id, "breakglass.review", func(tx *store.Tx) error {
		g, err := tx.BreakGlassByID(ctx, id)
		if err != nil {
			return err
		}
		if g.UserID == a.ID() {
			return domain.Errorf(domain.EFORBIDDEN, "Another administrator must review your own emergency access.")
		}
		return tx.ReviewBreakGlass(ctx, id, a.ID())
	})
}

func (s *Service) change(ctx context.Context, a accounts.Actor, id, action string, fn func(tx *store.Tx) error) error {
	if err := mustAdmin(a); err != nil {
		return err
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		g, err := tx.BreakGlassByID(ctx, id)
		if store.IsNotFound(err) {
			return domain.NotFound("emergency access")
		} else if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: "break_glass", ObjectID: id, CaseID: g.CaseID, IP: a.IP})
	})
}

// Notifications lists a person's dashboard messages.
func (s *Service) Notifications(ctx context.Context, a accounts.Actor) ([]*domain.Notification, error) {
	if a.User == nil {
		return nil, nil
	}
	var out []*domain.Notification
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { out, err = tx.Notifications(ctx, a.User.ID, 20); return err })
	return out, err
}
