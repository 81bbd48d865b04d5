package questionnaires

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// EmailLink sends the parent the link just made for an open questionnaire.
// The link must be the assignment's current one (its hash is checked).
func (s *Service) EmailLink(ctx context.Context, a accounts.Actor, id, link, to string) error {
	_, token, _ := strings.Cut(link, "/q/")
	var as *domain.Assignment
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		as, err = tx.AssignmentByID(ctx, id)
		if err := caseOf(ctx, tx, a, "questionnaire", caseIDOf(as), err, casework.WantEdit); err != nil {
			return err
		}
		if s.Mail == nil {
			return domain.Errorf(domain.ECONFLICT, "E-mail isn't set up on this service. Copy the link or show the QR code instead.")
		}
		if as.Status != domain.AssignmentOpen || token == "" || as.TokenHash != auth.HashToken(token) {
			return domain.Errorf(domain.ECONFLICT, "This link is no longer the questionnaire's current one. Make a new link and send that.")
		}
		return nil
	})
	if err != nil {
		return err
	}
	addr, err := mail.ParseAddress(strings.TrimSpace(to))
	if err != nil || strings.ContainsAny(to, "\r\n") {
		return domain.FieldError("email", "Enter the parent's e-mail address, like name@example.org.")
	}
	body := fmt.Sprintf("Hello,\n\nYour guider has asked you to fill in a short questionnaire (%s). It takes a few minutes, and your answers are saved as you go.\n\n%s\n\nThe link is just for you: please don't pass it on. It works until %s.\n",
		as.InstrumentName, s.base()+"/q/"+token, as.ExpiresAt.Local().Format("Monday 2 January"))
	if err := s.Mail.Send(ctx, addr.Address, "A short questionnaire from your guider", body); err != nil {
		return domain.Errorf(domain.EINTERNAL, "The e-mail couldn't be sent (%s). Copy the link or show the QR code instead.", err)
	}
	return s.DB.AuditView(ctx, entry(a, "questionnaire.link_mail", "assignment", as.ID, as.CaseID, ""))
}
