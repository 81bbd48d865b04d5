// Package breakglass gives an administrator time-limited emergency access
// to one case: they give a reason and sign in again (password and
// authenticator code); the case's practitioner and the data-protection
// contact are told on their dashboards; everything done is audited and the
// grant is listed for review.
package breakglass

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// DefaultDuration is how long a grant lasts.
const DefaultDuration = time.Hour

const maxReason = 500

// Service grants and reviews emergency access.
type Service struct {
	DB       *store.DB
	Accounts *accounts.Service // re-authentication
	Duration time.Duration     // DefaultDuration if zero
}

func mustAdmin(a accounts.Actor) error {
	if a.User == nil || a.User.Role != domain.RoleAdmin || !a.User.Active() {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can use or review emergency access.")
	}
	return nil
}

// Request is an administrator's request for emergency access.
type Request struct {
	CaseID, Reason, Password, Code string
}

// Open checks the request, re-authenticates the administrator and grants
// access to the case for Duration, telling the case's practitioner and the
// data-protection contact.
func (s *Service) Open(ctx context.Context, a accounts.Actor, req Request) (*domain.BreakGlass, error) {
	if err := mustAdmin(a); err != nil {
		return nil, err
	}
	req.Reason, req.CaseID = strings.TrimSpace(req.Reason), strings.TrimSpace(req.CaseID)
	if req.CaseID == "" {
		return nil, domain.FieldError("case", "Enter the case's id (from the practitioner or the audit trail).")
	}
	if req.Reason == "" || len(req.Reason) > maxReason {
		return nil, domain.FieldError("reason", "Say why you need this case now (up to %d characters). It is shown to the reviewers.", maxReason)
	}
	if err := s.Accounts.Reauthenticate(ctx, a, req.Password, req.Code); err != nil {
		return nil, err
	}
	d := s.Duration
	if d <= 0 {
		d = DefaultDuration
	}
	var g *domain.BreakGlass
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.CaseByID(ctx, req.CaseID)
		if store.IsNotFound(err) {
			return domain.FieldError("case", "There is no case with that id. Check it and try again.")
		} else if err != nil {
			return err
		}
		g = &domain.BreakGlass{ID: auth.NewID(), UserID: a.ID(), UserName: a.User.Name, CaseID: c.ID, Reason: req.Reason,
			GrantedAt: tx.Now(), ExpiresAt: tx.Now().Add(d)}
		if err := tx.CreateBreakGlass(ctx, g); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, g, c); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "breakglass.open", ObjectType: "break_glass",
			ObjectID: g.ID, CaseID: c.ID, IP: a.IP, Detail: fmt.Sprintf("until %s", g.ExpiresAt.Format(time.RFC3339))})
	})
	return g, err
}

// notify tells the case's practitioner and the data-protection contact.
func (s *Service) notify(ctx context.Context, tx *store.Tx, g *domain.BreakGlass, c *domain.Case) error {
	text := fmt.Sprintf("%s used emergency access to your case %s at %s, until %s. Reason given: %s",
		g.UserName, c.Reference, g.GrantedAt.Format("2 Jan 2006 15:04 MST"), g.ExpiresAt.Format("15:04 MST"), g.Reason)
	ownerID := c.OwnerID
	to := []string{ownerID}
	rules, err := tx.RetentionRules(ctx)
	if err != nil {
		return err
	}
	if rules.DPContact != "" {
		if u, err := tx.UserByEmail(ctx, rules.DPContact); err == nil && u.ID != ownerID {
			to = append(to, u.ID)
		} else if err != nil && !store.IsNotFound(err) {
			return err
		}
	}
	for i, id := range to {
		msg := text
		if i > 0 {
			msg = strings.Replace(text, "your case "+c.Reference, "case id "+g.CaseID, 1)
		}
		if err := tx.AddNotification(ctx, &domain.Notification{ID: auth.NewID(), UserID: id, Kind: "break_glass", Text: msg, CaseID: g.CaseID}); err != nil {
			return err
		}
	}
	return nil
}
