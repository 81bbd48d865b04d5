package casework

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Share gives a colleague or supervisor access to a case the caller owns.
func (s *Service) Share(ctx context.Context, a accounts.Actor, caseID, userID string) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := Authorize(ctx, tx, a, caseID, WantOwner); err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, userID)
		if store.IsNotFound(err) || (err == nil && (!u.Active() || u.Role == domain.RoleAdmin || u.ID == a.ID())) {
			return domain.FieldError("user", "Choose a practitioner or supervisor from the list to share with.")
		} else if err != nil {
			return err
		}
		if err := tx.ShareCase(ctx, caseID, userID, a.ID()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "case.share", caseID, "with "+userID)
	})
}

// Unshare removes someone's access. The owner can remove anyone; a colleague
// can remove themselves.
func (s *Service) Unshare(ctx context.Context, a accounts.Actor, caseID, userID string) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		want := WantOwner
		if userID == a.ID() {
			want = WantView
		}
		if err := Authorize(ctx, tx, a, caseID, want); err != nil {
			return err
		}
		if _, err := tx.UnshareCase(ctx, caseID, userID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "case.unshare", caseID, "with "+userID)
	})
}
