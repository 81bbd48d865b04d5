package casework

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Reach finishes looking up a record of a case: err is the lookup's error,
// caseID the case it belongs to. A record that isn't there, or whose case
// the caller may not reach as wanted, is "not found" under the name what.
func Reach(ctx context.Context, tx *store.Tx, a accounts.Actor, what, caseID string, err error, want string) error {
	if store.IsNotFound(err) {
		return domain.NotFound(what)
	} else if err != nil {
		return err
	}
	if err := Authorize(ctx, tx, a, caseID, want); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.NotFound(what)
		}
		return err
	}
	return nil
}
