package questionnaires

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Mailer sends a plain-text e-mail; nil when the service has no SMTP.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Service is the outcome measures' rules over the database.
type Service struct {
	DB           *store.DB
	Mail         Mailer        // nil: no e-mail is offered
	PublicURL    func() string // attune's address as people reach it, for links
	LinkLifetime time.Duration // how long a parent's link works; 14 days when zero
	Now          func() time.Time

	seedMu sync.Mutex
	seeded bool
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) base() string {
	if s.PublicURL == nil {
		return ""
	}
	return strings.TrimSuffix(s.PublicURL(), "/")
}

func (s *Service) lifetime() time.Duration {
	if s.LinkLifetime > 0 {
		return s.LinkLifetime
	}
	return 14 * 24 * time.Hour
}

// load turns a stored version into an instrument.
func load(si *domain.StoredInstrument) (*Instrument, error) {
	var in Instrument
	if err := json.Unmarshal([]byte(si.Definition), &in); err != nil {
		return nil, err
	}
	in.ID, in.Version, in.Source, in.CreatedAt = si.ID, si.Version, si.Source, si.CreatedAt
	return &in, nil
}

func (s *Service) instrument(ctx context.Context, tx *store.Tx, id string) (*Instrument, error) {
	si, err := tx.InstrumentByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, domain.NotFound("instrument")
	} else if err != nil {
		return nil, err
	}
	return load(si)
}

// caseOf finds the case a record belongs to and hides it as "not found"
// from a caller who may not reach that case.
var caseOf = casework.Reach

func audit(ctx context.Context, tx *store.Tx, a accounts.Actor, action, objType, objID, caseID, detail string) error {
	return tx.Audit(ctx, entry(a, action, objType, objID, caseID, detail))
}

func entry(a accounts.Actor, action, objType, objID, caseID, detail string) domain.AuditEntry {
	return a.Entry(action, objType, objID, caseID, detail)
}

func staff(a accounts.Actor) error {
	if a.User == nil || !a.User.Active() {
		return domain.Errorf(domain.EUNAUTHORIZED, "Sign in first.")
	}
	return nil
}

func adminOnly(a accounts.Actor) error {
	if err := staff(a); err != nil {
		return err
	}
	if a.User.Role != domain.RoleAdmin {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can change the instrument library.")
	}
	return nil
}
