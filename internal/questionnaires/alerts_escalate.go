package questionnaires

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// EscalateAlerts tells the case's supervisors and the duty person, once, of
// each risk alert nobody acknowledged within the service's time: by e-mail
// where mail is set up (their start page shows it regardless). It is safe
// to run on many servers at once: each alert is claimed by one. It reports
// how many alerts it escalated.
func (s *Service) EscalateAlerts(ctx context.Context) (int, error) {
	var due []*domain.OutcomeAlert
	var rs RiskSettings
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if rs, err = riskSettings(ctx, tx); err != nil {
			return err
		}
		due, err = tx.UnacknowledgedAlerts(ctx, s.now().Add(-time.Duration(rs.Hours)*time.Hour))
		return err
	})
	n := 0
	for _, al := range due {
		if err != nil {
			break
		}
		if al.EscalatedAt != nil {
			continue
		}
		var to []string
		var claimed bool
		claimed, to, err = s.claimEscalation(ctx, al, rs)
		if claimed {
			n++
			s.mailEscalation(ctx, al, to, rs.Hours)
		}
	}
	return n, err
}

// claimEscalation marks one alert escalated and finds who to tell (their
// e-mail addresses, active accounts only).
func (s *Service) claimEscalation(ctx context.Context, al *domain.OutcomeAlert, rs RiskSettings) (bool, []string, error) {
	var to []string
	var claimed bool
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if claimed, err = tx.MarkAlertEscalated(ctx, al.ID); err != nil || !claimed {
			return err
		}
		ids, err := escalationTargets(ctx, tx, al, rs)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if u, err := tx.UserByID(ctx, id); err == nil && u.Active() && !seen[u.Email] {
				seen[u.Email] = true
				to = append(to, u.Email)
			}
		}
		return audit(ctx, tx, accounts.Actor{}, "questionnaire.risk_escalated", "alert", al.ID, al.CaseID, strconv.Itoa(len(to))+" to tell")
	})
	return claimed, to, err
}

// mailEscalation e-mails each person; the e-mail names no one and holds no
// answers, only the case's reference and where to look.
func (s *Service) mailEscalation(ctx context.Context, al *domain.OutcomeAlert, to []string, hours int) {
	if s.Mail == nil {
		return
	}
	subject := "attune: a risk answer on case " + al.CaseRef + " has not been acknowledged"
	body := fmt.Sprintf("A questionnaire (%s) on case %s, sent %s, has an answer that needs attention today. Nobody has acknowledged it within %d hours.\n\nPlease check with the guider, or act yourself. Open attune: %s/\n",
		al.InstrumentName, al.CaseRef, al.CreatedAt.Local().Format("Monday 2 January 15:04"), hours, s.base())
	for _, addr := range to {
		if err := s.Mail.Send(ctx, addr, subject, body); err != nil {
			slog.Error("risk escalation e-mail", "alert", al.ID, "err", err)
		}
	}
}

// escalationTargets are who an overdue alert goes to: the supervisors the
// case is shared with, the guider's own supervisors, and the duty person.
func escalationTargets(ctx context.Context, tx *store.Tx, al *domain.OutcomeAlert, rs RiskSettings) ([]string, error) {
	ids, err := tx.CaseSupervisors(ctx, al.CaseID)
	if err != nil {
		return nil, err
	}
	links, err := tx.SupervisorsOf(ctx, al.OwnerID)
	for _, l := range links {
		ids = append(ids, l.SupervisorID)
	}
	if rs.DutyID != "" {
		ids = append(ids, rs.DutyID)
	}
	return ids, err
}
