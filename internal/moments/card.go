package moments

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Card is what the case page shows of the moment finder.
type Card struct {
	CaseID    string
	Consented bool // the family consented to analysis
	Hidden    bool // the guider hid the figures on this case
	CanEdit   bool
	Figures   []CycleFigures
	MaxTPM    float64 // the largest turns per minute, for the bars
}

// CaseCard loads the case page's card; Figures is empty when hidden.
func (s *Service) CaseCard(ctx context.Context, a accounts.Actor, caseID string) (*Card, error) {
	figs, err := s.Case(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	c := &Card{CaseID: caseID}
	err = s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if c.Consented, err = tx.HasConsentInForce(ctx, caseID, domain.PurposeAnalysis); err != nil {
			return err
		}
		cs, err := tx.CaseByID(ctx, caseID)
		if err != nil {
			return err
		}
		c.CanEdit = casework.CanEdit(a.User, cs)
		c.Hidden, err = tx.CaseMomentsHidden(ctx, caseID)
		return err
	})
	if err != nil || c.Hidden {
		return c, err
	}
	for _, f := range figs {
		if f.Status == domain.MomentsReady {
			c.Figures = append(c.Figures, f)
			c.MaxTPM = max(c.MaxTPM, f.TurnsPerMinute)
		}
	}
	return c, nil
}

// SetHidden hides or shows the figures on a case page (the guider's choice).
func (s *Service) SetHidden(ctx context.Context, a accounts.Actor, caseID string, hidden bool) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantEdit); err != nil {
			return err
		}
		if err := tx.SetCaseMomentsHidden(ctx, caseID, hidden, a.ID()); err != nil {
			return err
		}
		action := "moments.show"
		if hidden {
			action = "moments.hide"
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: "case", ObjectID: caseID, CaseID: caseID, IP: a.IP})
	})
}
