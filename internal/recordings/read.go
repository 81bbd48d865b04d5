package recordings

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Get loads a recording the caller may see. Looking at its status is not a
// viewing of the film, so it is not audited; playing it is.
func (s *Service) Get(ctx context.Context, a accounts.Actor, id string) (*domain.Recording, error) {
	var r *domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		r, err = Load(ctx, tx, a, id, casework.WantView)
		return err
	})
	return r, err
}

// ForCase lists a case's recordings.
func (s *Service) ForCase(ctx context.Context, a accounts.Actor, caseID string) ([]*domain.Recording, error) {
	var out []*domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantView); err != nil {
			return err
		}
		var err error
		out, err = tx.CaseRecordings(ctx, caseID)
		return err
	})
	return out, err
}
