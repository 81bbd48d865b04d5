package lifecycle

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// LetterContent is what the closing letter is made of.
type LetterContent struct {
	Case   *domain.Case
	Goals  []*domain.Goal
	Cycles []*domain.Cycle
	Notes  map[string]*domain.Note
}

// Letter makes the closing letter for the family as a PDF: their goals with
// the ratings before and after, what changed in their own words (from the
// reviews), ideas for the future, and the guider's own text.
func (s *Service) Letter(ctx context.Context, a accounts.Actor, caseID string) ([]byte, error) {
	var lc LetterContent
	err := s.view(ctx, a, caseID, "letter", func(tx *store.Tx) error {
		var err error
		if lc.Case, err = tx.CaseByID(ctx, caseID); err != nil {
			return err
		}
		if lc.Goals, err = tx.CaseGoals(ctx, caseID); err != nil {
			return err
		}
		if lc.Cycles, err = tx.CaseCycles(ctx, caseID); err != nil {
			return err
		}
		lc.Notes, err = tx.CaseNotes(ctx, caseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return RenderLetter(lc)
}
