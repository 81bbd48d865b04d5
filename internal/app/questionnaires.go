package app

import (
	"fmt"

	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/mail"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/store"
)

// openQuestionnaires makes the outcome measures' service, with e-mail when
// --smtp-url is set.
func openQuestionnaires(db *store.DB, cfg *config.Config) (*questionnaires.Service, error) {
	s := &questionnaires.Service{DB: db, PublicURL: func() string { return cfg.PublicURL }}
	m, err := mail.New(cfg.SMTPURL, cfg.SMTPFrom)
	if err != nil {
		return nil, fmt.Errorf("e-mail settings: %w", err)
	}
	if m != nil {
		s.Mail = m
	}
	return s, nil
}
