package sar

import (
	"context"
	"fmt"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// DefaultTTL is how long an export can be downloaded.
const DefaultTTL = 7 * 24 * time.Hour

// blobPrefix is where exports are stored.
const blobPrefix = "sar/"

// Service makes, serves and expires subject access exports.
type Service struct {
	DB    *store.DB
	Files *recordings.Service // opens the stills' images
	Keys  *vault.KeyRing
	Blobs blob.Store
	// Summary renders the readable summary (web.SARSummary); HTML lives in package web.
	Summary func(*Bundle) ([]byte, error)
	TTL     time.Duration
	Now     func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// authorize lets the case's owner or an administrator export it.
func authorize(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string) error {
	if a.User != nil && a.User.Role == domain.RoleAdmin && a.User.Active() {
		if _, err := tx.CaseByID(ctx, caseID); store.IsNotFound(err) {
			return domain.NotFound("case")
		} else if err != nil {
			return err
		}
		return nil
	}
	return casework.Authorize(ctx, tx, a, caseID, casework.WantOwner)
}

// People lists a case's people, to choose whom to leave out.
func (s *Service) People(ctx context.Context, a accounts.Actor, caseID string) (*domain.Case, error) {
	var c *domain.Case
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := authorize(ctx, tx, a, caseID); err != nil {
			return err
		}
		var err error
		c, err = tx.CaseByID(ctx, caseID)
		return err
	})
	return c, err
}

// Create exports everything held about a case, leaving out the people whose
// participant ids are in withhold, and stores the zip encrypted until it expires.
func (s *Service) Create(ctx context.Context, a accounts.Actor, caseID string, withhold []string) (*domain.SARExport, error) {
	skip := map[string]bool{}
	for _, id := range withhold {
		skip[id] = true
	}
	var b *Bundle
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		if err = authorize(ctx, tx, a, caseID); err != nil {
			return err
		}
		b, err = gather(ctx, tx, caseID, skip, s.now())
		return err
	})
	if err != nil {
		return nil, err
	}
	e := &domain.SARExport{ID: auth.NewID(), CaseID: caseID, CreatedBy: a.ID(), CreatedAt: s.now(), Withheld: b.Withheld}
	e.ExpiresAt = e.CreatedAt.Add(s.ttl())
	e.BlobKey = blobPrefix + e.ID
	if err := s.store(ctx, e, b); err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateExport(ctx, e); err != nil {
			return err
		}
		return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: "sar.export", ObjectType: "sar_export", ObjectID: e.ID,
			CaseID: caseID, IP: a.IP, Detail: fmt.Sprintf("%d stills, %d films, %d supervision shares, %d people withheld",
				len(b.stills), len(b.EditedFilms), len(b.Shares), b.Withheld)})
	})
	if err != nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), e.BlobKey)
	}
	return e, err
}

func (s *Service) ttl() time.Duration {
	if s.TTL > 0 {
		return s.TTL
	}
	return DefaultTTL
}
