package app

import (
	"context"
	"fmt"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// rotateFilmFiles re-wraps the keys of rendered films and their cached segments.
func rotateFilmFiles(ctx context.Context, tx *store.Tx, keys *vault.KeyRing) (int, error) {
	files, err := tx.AllFilmFiles(ctx)
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		w, err := keys.Rewrap(f.WrappedKey)
		if err != nil {
			return 0, fmt.Errorf("film file %s: %w", f.ID, err)
		}
		if err := tx.SetFilmFileKey(ctx, f.ID, w); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}
