package app

import (
	"fmt"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/mail"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// openAccounts makes the account rules: API tokens' lifetime, and reset
// links sent by e-mail when --smtp-url is set.
func openAccounts(db *store.DB, keys *vault.KeyRing, cfg *config.Config) (*accounts.Service, error) {
	s := accounts.New(db, keys)
	s.PublicURL = func() string { return cfg.PublicURL }
	if cfg.TokenLifetime > 0 {
		s.TokenLifetime = cfg.TokenLifetime
	}
	m, err := mail.New(cfg.SMTPURL, cfg.SMTPFrom)
	if err != nil {
		return nil, fmt.Errorf("e-mail settings: %w", err)
	}
	if m != nil {
		s.Mail = m
	}
	return s, nil
}
