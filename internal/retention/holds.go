package retention

import (
	"context"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// maxReason bounds a hold's or an emergency's reason.
const maxReason = 500

// Holds lists the legal holds in force (administrators only).
func (s *Service) Holds(ctx context.Context, a accounts.Actor) ([]*domain.LegalHold, error) {
	if err := mustAdmin(a); err != nil {
		return nil, err
	}
	var out []*domain.LegalHold
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { out, err = tx.LegalHolds(ctx); return err })
	return out, err
}

// Hold puts a case under a legal hold: nothing of it is erased by the rules
// until the hold is released.
func (s *Service) Hold(ctx context.Context, a accounts.Actor, caseID, reason string) error {
	if err := mustAdmin(a); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > maxReason {
		return domain.FieldError("reason", "Say why the case is held (up to %d characters), for example the court order's reference.", maxReason)
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.CaseByID(ctx, caseID); store.IsNotFound(err) {
			return domain.NotFound("case")
		} else if err != nil {
			return err
		}
		ok, err := tx.PlaceHold(ctx, &domain.LegalHold{CaseID: caseID, Reason: reason, PlacedBy: a.ID()})
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.ECONFLICT, "This case is already under a legal hold.")
		}
		return audit(ctx, tx, a, "retention.hold", "case", caseID, caseID, "")
	})
}

// Release lifts a case's legal hold.
func (s *Service) Release(ctx context.Context, a accounts.Actor, caseID string) error {
	if err := mustAdmin(a); err != nil {
		return err
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		ok, err := tx.ReleaseHold(ctx, caseID)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.ENOTFOUND, "This case is not under a legal hold.")
		}
		return audit(ctx, tx, a, "retention.release", "case", caseID, caseID, "")
	})
}
