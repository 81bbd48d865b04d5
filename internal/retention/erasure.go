package retention

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// EraseFamily carries out a family's erasure request: the case, everything
// recorded in it, its files, derived files and file keys, now. The case's
// owner or an administrator may do it; a legal hold refuses it. The audit
// entry says what was erased, never the content, and the erasure goes on the
// shred list so that restoring an older backup does not bring it back.
func (s *Service) EraseFamily(ctx context.Context, a accounts.Actor, caseID string) error {
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := mustAdmin(a); err != nil {
			if err := casework.Authorize(ctx, tx, a, caseID, casework.WantOwner); err != nil {
				return err
			}
		} else if _, err := tx.CaseByID(ctx, caseID); store.IsNotFound(err) {
			return domain.NotFound("case")
		} else if err != nil {
			return err
		}
		held, err := tx.IsHeld(ctx, caseID)
		if err != nil {
			return err
		}
		if held {
			return domain.Errorf(domain.ECONFLICT, "This case is under a legal hold, so nothing in it can be erased. An administrator must release the hold first.")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.eraseCaseBy(ctx, a, caseID, "erasure.request", "erased on the family's request")
}
