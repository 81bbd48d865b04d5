package app

import (
	"context"

	"github.com/attune-vig/attune/internal/store"
)

// caseOf names the case of a record for the router's audit entries; a
// lookup that fails leaves the entry without a case rather than unwritten.
func (d *Deps) caseOf(ctx context.Context, kind, id string) string {
	var caseID string
	err := d.DB.View(ctx, func(tx *store.Tx) (err error) { caseID, err = tx.CaseOfRecord(ctx, kind, id); return err })
	if err != nil {
		d.Log.Error("find the case of a record for the audit trail", "kind", kind, "err", err)
	}
	return caseID
}
