package recordings

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// SetCycle puts a recording in another cycle of its case (0: in none). A
// recording is added to the cycle under way; the guider may pick another.
// Both cycles then follow their work.
func (s *Service) SetCycle(ctx context.Context, a accounts.Actor, id string, number int) (*domain.Recording, error) {
	var r *domain.Recording
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = Load(ctx, tx, a, id, casework.WantEdit); err != nil {
			return err
		}
		if number != 0 {
			if err := cycleOpen(ctx, tx, r.CaseID, number); err != nil {
				return err
			}
		}
		from := r.Cycle
		if err := tx.SetRecordingCycle(ctx, id, number); err != nil {
			return err
		}
		r.Cycle = number
		for _, n := range []int{from, number} {
			if err := tx.FollowWork(ctx, r.CaseID, n, a.ID()); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "recording.cycle", r)
	})
	return r, err
}

// cycleOpen checks a case has cycle number and it is not cancelled.
func cycleOpen(ctx context.Context, tx *store.Tx, caseID string, number int) error {
	cycles, err := tx.CaseCycles(ctx, caseID)
	if err != nil {
		return err
	}
	for _, c := range cycles {
		if c.Number == number && c.Status != domain.CycleCancelled {
			return nil
		}
	}
	return domain.FieldError("cycle", "This case has no cycle %d to put the recording in. Choose one of its cycles.", number)
}
