package questionnaires

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// mailRisk tells the case's guider by e-mail that a risk answer came in.
// The e-mail names no one and holds no answers: only where to look.
func (s *Service) mailRisk(ctx context.Context, as *domain.Assignment) {
	if s.Mail == nil {
		return
	}
	var to, ref string
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		c, err := tx.CaseByID(ctx, as.CaseID)
		if err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, c.OwnerID)
		to, ref = u.Email, c.Reference
		return err
	})
	if err == nil {
		body := fmt.Sprintf("A questionnaire (%s) on case %s has an answer that needs your attention today.\n\nOpen it in attune: %s/cases/%s\n",
			as.InstrumentName, ref, s.base(), as.CaseID)
		err = s.Mail.Send(ctx, to, "attune: an answer needs your attention ("+ref+")", body)
	}
	detail := "sent"
	if err != nil {
		detail = "failed"
		slog.Error("risk alert e-mail", "assignment", as.ID, "err", err)
	}
	if err := s.DB.AuditView(ctx, entry(accounts.Actor{}, "questionnaire.risk_mail", "assignment", as.ID, as.CaseID, detail)); err != nil {
		slog.Error("audit risk alert e-mail", "assignment", as.ID, "err", err)
	}
}

// Alerts lists the risk answers not yet seen on the caller's cases.
func (s *Service) Alerts(ctx context.Context, a accounts.Actor) ([]*domain.OutcomeAlert, error) {
	if err := staff(a); err != nil {
		return nil, err
	}
	var out []*domain.OutcomeAlert
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		all, err := tx.OpenAlerts(ctx, a.ID())
		for _, al := range all {
			if casework.Authorize(ctx, tx, a, al.CaseID, casework.WantView) == nil {
				out = append(out, al)
			}
		}
		return err
	})
	return out, err
}

// SeeAlert records that the guider has seen a risk alert.
func (s *Service) SeeAlert(ctx context.Context, a accounts.Actor, id string) (string, error) {
	var caseID string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		caseID, err = tx.AlertCase(ctx, id)
		if err := caseOf(ctx, tx, a, "alert", caseID, err, casework.WantView); err != nil {
			return err
		}
		if err := tx.SeeAlert(ctx, id, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "questionnaire.risk_seen", "alert", id, caseID, "")
	})
	return caseID, err
}
