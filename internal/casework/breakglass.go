package casework

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// breakGlass lets an administrator with an emergency grant in force look at
// one case: view only, for the grant's time. Anything else answers as a case
// that does not exist, exactly as without a grant.
func breakGlass(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID, want string) error {
	u := a.User
	if u.Role != domain.RoleAdmin || !u.Active() || want != WantView {
		return domain.NotFound("case")
	}
	ok, err := tx.BreakGlassActive(ctx, u.ID, caseID)
	if err != nil {
		return err
	}
	if !ok {
		return domain.NotFound("case")
	}
	return nil
}
