package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// CaseMaterialShares lists every share of a case's recordings and films with
// a supervisor, live or ended, oldest first: for the family's subject access
// export.
func (tx *Tx) CaseMaterialShares(ctx context.Context, caseID string) ([]*domain.MaterialShare, error) {
	return tx.shares(ctx, `SELECT `+shareCols+` WHERE m.case_id = ? ORDER BY m.created_at, m.id`, caseID)
}
