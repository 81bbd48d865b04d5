// Package retention keeps the service's promises about how long data is
// kept: an administrator sets the rules, a nightly job applies them, a dry
// run shows what will go and when, and a legal hold stops all deletion for
// a case. Deletion goes through the recordings' erasure (files, derived
// files and file keys) and leaves an audit entry saying what was erased,
// never the content.
package retention

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	auditchain "github.com/attune-vig/attune/internal/audit"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Service applies retention rules over a database.
type Service struct {
	DB         *store.DB
	Recordings *recordings.Service
	// Shreds records erasures outside the database, so old backups cannot
	// bring erased files back (see vault.ShredList). Optional.
	Shreds *vault.ShredList
	// Audit prunes audit entries past the audit rule behind a signed
	// anchor (audit.Chain.Prune). Optional: without it none are pruned.
	Audit *auditchain.Chain
	// Now is the clock the rules are measured against (time.Now if nil).
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Limits on the rules an administrator may set.
const (
	maxDays  = 36500
	maxYears = 100
)

func mustAdmin(a accounts.Actor) error {
	if a.User == nil || a.User.Role != domain.RoleAdmin || !a.User.Active() {
		return domain.Errorf(domain.EFORBIDDEN, "Only an administrator can manage retention, legal holds and emergency access.")
	}
	return nil
}

func audit(ctx context.Context, tx *store.Tx, a accounts.Actor, action, objectType, objectID, caseID, detail string) error {
	return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: objectType, ObjectID: objectID,
		CaseID: caseID, IP: a.IP, Detail: detail})
}

// Rules reads the retention rules (administrators only).
func (s *Service) Rules(ctx context.Context, a accounts.Actor) (domain.RetentionRules, error) {
	var r domain.RetentionRules
	if err := mustAdmin(a); err != nil {
		return r, err
	}
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { r, err = tx.RetentionRules(ctx); return err })
	return r, err
}

// SetRules changes the retention rules.
func (s *Service) SetRules(ctx context.Context, a accounts.Actor, r domain.RetentionRules) error {
	if err := mustAdmin(a); err != nil {
		return err
	}
	if err := checkRules(r); err != nil {
		return err
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetRetentionRules(ctx, r, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "retention.rules", "retention", "rules", "", "")
	})
}

func checkRules(r domain.RetentionRules) error {
	switch {
	case r.FootageDays < 0 || r.FootageDays > maxDays:
		return domain.Errorf(domain.EINVALID, "Footage must be kept between 0 and %d days after a case closes.", maxDays)
	case r.RecordsAge < 0 || r.RecordsAge > maxYears, r.RecordsYears < 0 || r.RecordsYears > maxYears, r.AuditYears < 0 || r.AuditYears > maxYears:
		return domain.Errorf(domain.EINVALID, "Ages and years must be between 0 and %d.", maxYears)
	}
	return nil
}
