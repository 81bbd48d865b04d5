package questionnaires

import (
	"context"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Acknowledge records that someone who may see the case (the guider, a
// colleague or a supervisor) has dealt with a risk alert, with the action
// they took. It happens once and is audited.
func (s *Service) Acknowledge(ctx context.Context, a accounts.Actor, id, action string) (string, error) {
	action = strings.TrimSpace(action)
	var caseID string
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		caseID, err = tx.AlertCase(ctx, id)
		if err := caseOf(ctx, tx, a, "alert", caseID, err, casework.WantView); err != nil {
			return err
		}
		if action == "" {
			return domain.FieldError("action", "Write what you did about this answer (for example who you called and what was agreed) before acknowledging it.")
		}
		if len(action) > 2000 {
			return domain.FieldError("action", "Keep the note of what you did to 2000 characters; it has %d.", len(action))
		}
		ok, err := tx.AcknowledgeAlert(ctx, id, caseID, a.ID(), action)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.ECONFLICT, "Someone has already acknowledged this alert; their note is shown on the case.")
		}
		return audit(ctx, tx, a, "questionnaire.risk_acknowledged", "alert", id, caseID, "")
	})
	return caseID, err
}
