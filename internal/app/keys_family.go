package app

import (
	"context"
	"fmt"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// rotateFamilyMedia re-wraps the keys of the Resources page's pictures and videos.
func rotateFamilyMedia(ctx context.Context, tx *store.Tx, keys *vault.KeyRing) (int, error) {
	files, err := tx.AllFamilyMedia(ctx)
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		w, err := keys.Rewrap(f.WrappedKey)
		if err != nil {
			return 0, fmt.Errorf("resources file %s: %w", f.ID, err)
		}
		if err := tx.SetFamilyMediaKey(ctx, f.ID, w); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}
