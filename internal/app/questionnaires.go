package app

import (
	"context"

	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/mail"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/store"
)

// openQuestionnaires makes the outcome measures' service, with e-mail when
// there is a mailer (--smtp-url).
func openQuestionnaires(db *store.DB, cfg *config.Config, m *mail.Mailer) *questionnaires.Service {
	s := &questionnaires.Service{DB: db, PublicURL: func() string { return cfg.PublicURL }}
	if m != nil {
		s.Mail = m
	}
	return s
}

// escalateAlerts tells supervisors and the duty person of risk answers
// nobody acknowledged within the service's time.
func escalateAlerts(ctx context.Context, d *Deps) {
	if n, err := d.Questionnaires.EscalateAlerts(ctx); err != nil {
		d.Log.Warn("escalating risk alerts", "err", err)
	} else if n > 0 {
		d.Log.Info("escalated risk alerts", "count", n)
	}
}
