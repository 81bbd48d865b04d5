package app

import (
	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/mail"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// openAccounts makes the account rules: API tokens' lifetime, and reset
// links sent by e-mail when there is a mailer (--smtp-url).
func openAccounts(db *store.DB, keys *vault.KeyRing, cfg *config.Config, m *mail.Mailer) *accounts.Service {
	s := accounts.New(db, keys)
	s.PublicURL = func() string { return cfg.PublicURL }
	if cfg.TokenLifetime > 0 {
		s.TokenLifetime = cfg.TokenLifetime
	}
	if m != nil { // a nil *Mailer in the interface would not read as "no e-mail"
		s.Mail = m
	}
	return s
}
