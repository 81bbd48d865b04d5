// Package family is the family's side of attune: the parents a guider
// invites, their sign-in without a password (one-time links and codes, then
// a long-lived session on their own device, an optional PIN), their portal
// (their own case only), their requests to the guider, the Resources page
// and the languages a service adds. A parent is never a staff account: every
// parent function takes a *Parent built from a signed-in device session and
// reaches that parent's own case only; anything else is "not found".
package family

import (
	"context"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Mailer sends a plain-text e-mail; nil when the service has no SMTP.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Service holds the family rules.
type Service struct {
	DB        *store.DB
	Keys      *vault.KeyRing
	Blobs     blob.Store
	Films     *films.Service
	Mail      Mailer        // nil: invitations are shown on screen only
	PublicURL func() string // attune's address as parents reach it

	InviteLifetime  time.Duration // an invitation's link and code
	CodeLifetime    time.Duration // a code sent on request
	SessionLifetime time.Duration // a device session, at most
	IdleEnd         time.Duration // a device session unused this long ends
	PINIdle         time.Duration // with a PIN: asked again after this long unused
	Lockout         auth.Lockout
	VoidAfter       int           // wrong codes in a row after which every code stops working
	IPLimiter       *auth.Limiter // sign-in tries and code requests per connection
	AskLimiter      *auth.Limiter // new codes asked for per e-mail address
	Now             func() time.Time
}

// New returns a service with the defaults a service would expect.
func New(db *store.DB, keys *vault.KeyRing, blobs blob.Store, fs *films.Service) *Service {
	s := &Service{DB: db, Keys: keys, Blobs: blobs, Films: fs,
		InviteLifetime: 7 * 24 * time.Hour, CodeLifetime: 30 * time.Minute,
		SessionLifetime: 180 * 24 * time.Hour, IdleEnd: 60 * 24 * time.Hour, PINIdle: 15 * time.Minute,
		Lockout: auth.Lockout{Free: 5, Base: time.Minute, Max: time.Hour}, VoidAfter: 10,
		IPLimiter: auth.NewLimiter(0.2, 20), AskLimiter: auth.NewLimiter(1.0/600, 3), Now: time.Now}
	s.IPLimiter.Share(db, "family-signin") // every server counts the same attempts
	s.AskLimiter.Share(db, "family-code-asked")
	return s
}

// Parent is a signed-in parent on one device, as the portal sees them.
type Parent struct {
	Member  *domain.FamilyMember
	Session *domain.FamilySession
	IP      string
}

// CaseID is the one case this parent may see.
func (p *Parent) CaseID() string { return p.Member.CaseID }

var errNoParent = domain.Errorf(domain.EUNAUTHORIZED, "Please sign in again with the code or link your guider gave you.")

// ready refuses a missing parent, one whose access ended, or a device that
// still needs its PIN: deny by default.
func (p *Parent) ready() error {
	if p == nil || p.Member == nil || p.Session == nil || !p.Member.Active() || p.Session.MemberID != p.Member.ID {
		return errNoParent
	}
	if p.Session.Locked || p.Session.MustChoosePIN {
		return domain.Errorf(domain.EUNAUTHORIZED, "Please enter your PIN first.")
	}
	return nil
}

func (p *Parent) viewer() films.FamilyViewer {
	return films.FamilyViewer{CaseID: p.Member.CaseID, MemberID: p.Member.ID, IP: p.IP}
}

// entry is an audit entry of something a parent did.
func (p *Parent) entry(action, objType, objID, detail string) domain.AuditEntry {
	return domain.AuditEntry{ActorID: "family:" + p.Member.ID, Action: action, ObjectType: objType, ObjectID: objID,
		CaseID: p.Member.CaseID, IP: p.IP, Detail: detail}
}

func staffEntry(a accounts.Actor, action, objType, objID, caseID, detail string) domain.AuditEntry {
	return domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: objType, ObjectID: objID, CaseID: caseID,
		IP: a.IP, Detail: detail}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) base() string {
	if s.PublicURL == nil {
		return ""
	}
	return strings.TrimSuffix(s.PublicURL(), "/")
}

func adminOnly(a accounts.Actor) error {
	if a.User == nil || a.User.Role != domain.RoleAdmin || !a.User.Active() {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can change this.")
	}
	return nil
}

// SignInAddress is the full address of the parents' sign-in page, built from
// attune's public address (the path alone when none is configured).
func (s *Service) SignInAddress() string { return s.base() + "/family/signin" }
