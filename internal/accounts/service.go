// Package accounts signs staff in and out and lets administrators manage
// accounts: passwords, second factors, sessions, API tokens and one-time links.
package accounts

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Secrets seals short secrets (TOTP keys) before they reach the database.
// The vault's key ring is one.
type Secrets interface {
	SealField(purpose, plain string) (string, error)
	OpenField(purpose, sealed string) (string, error)
}

// TOTPPurpose binds sealed TOTP secrets to their use.
const TOTPPurpose = "totp"

// Service holds the account rules.
type Service struct {
	DB              *store.DB
	Secrets         Secrets
	Issuer          string        // shown in authenticator apps
	IdleTimeout     time.Duration // a session ends after this long without use
	AbsoluteTimeout time.Duration // and after this long in any case
	LinkLifetime    time.Duration // setup and reset links
	Lockout         auth.Lockout
	IPLimiter       *auth.Limiter
	Unknown         auth.Tally    // wrong passwords for addresses with no account (login_unknown.go)
	TokenLifetime   time.Duration // how long a new API token works
	Mail            Mailer        // sends reset links to the person; nil when e-mail is not configured
	PublicURL       func() string // for links in e-mails
	Now             func() time.Time
}

// Mailer sends an e-mail (internal/mail's Mailer is one).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// New returns a service with the defaults a service would expect.
func New(db *store.DB, secrets Secrets) *Service {
	s := &Service{
		DB: db, Secrets: secrets, Issuer: "attune",
		IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 12 * time.Hour, LinkLifetime: 72 * time.Hour,
		TokenLifetime: DefaultTokenLifetime, PublicURL: func() string { return "" },
		Lockout: auth.DefaultLockout, IPLimiter: auth.NewLimiter(1, 20), Now: time.Now,
		Unknown: auth.Tally{Buckets: db, Name: "signin-unknown"},
	}
	s.IPLimiter.Share(db, "signin") // every server counts the same attempts
	return s
}

// Actor is who is acting, for policy and the audit trail.
type Actor struct {
	User *domain.User
	IP   string
}

// ID is the acting user's id, empty for an anonymous caller.
func (a Actor) ID() string {
	if a.User == nil {
		return ""
	}
	return a.User.ID
}

func (s *Service) audit(ctx context.Context, tx *store.Tx, a Actor, action, objectID, detail string) error {
	return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: "user", ObjectID: objectID, IP: a.IP, Detail: detail})
}

// requireAdmin refuses anyone but an active administrator.
func requireAdmin(a Actor) error {
	if a.User == nil || a.User.Role != domain.RoleAdmin || !a.User.Active() {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can manage accounts.")
	}
	return nil
}
