package app

import (
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/mail"
)

// openFamily makes the family's side: invitations (by e-mail when --smtp-url
// is set), parents' sign-in and portal, the Resources page.
func openFamily(d *Deps) (*family.Service, error) {
	s := family.New(d.DB, d.Keys, d.Blobs, d.Films)
	s.PublicURL = func() string { return d.Cfg.PublicURL }
	m, err := mail.New(d.Cfg.SMTPURL, d.Cfg.SMTPFrom)
	if err != nil {
		return nil, err
	}
	if m != nil {
		s.Mail = m
	}
	return s, nil
}
