package app

import (
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/mail"
)

// openFamily makes the family's side: invitations (by e-mail when there is a
// mailer), parents' sign-in and portal, the Resources page.
func openFamily(d *Deps, m *mail.Mailer) *family.Service {
	s := family.New(d.DB, d.Keys, d.Blobs, d.Films)
	s.PublicURL = func() string { return d.Cfg.PublicURL }
	if m != nil {
		s.Mail = m
	}
	return s
}
