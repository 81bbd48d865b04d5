package app

import (
	"context"
	"fmt"
	"time"
)

// sealBatch is how many values one transaction of the in-place sealing seals.
const sealBatch = 500

// sealExisting seals in place, at start, the family's text that an older
// attune kept in the clear; it logs progress and, killed half-way, resumes
// at the next start. Once every column is done it costs one query.
func (d *Deps) sealExisting(ctx context.Context) error {
	var last time.Time
	err := d.DB.SealExisting(ctx, sealBatch, func(column string, done, total int) {
		if done < total && time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		d.Log.InfoContext(ctx, "sealing existing case text in place", "column", column, "rows_done", done, "rows_total", total)
	})
	if err != nil {
		return fmt.Errorf("%w (attune seals the family's text already in the database at start; start it again to resume)", err)
	}
	return nil
}
