package questionnaires

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/attune-vig/attune/internal/accounts"
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
