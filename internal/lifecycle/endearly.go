package lifecycle

import (
	"context"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// EndEarly cancels every open cycle of a case in its cycles and moves it to
// the ending, in one step, each change audited. It returns the numbers of
// the cycles it cancelled.
func (s *Service) EndEarly(ctx context.Context, a accounts.Actor, caseID string) ([]int, error) {
	var cancelled []int
	err := s.edit(ctx, a, caseID, func(tx *store.Tx) error {
		if err := inStage(ctx, tx, caseID, domain.StageCycles, "Only a case in its cycles can end early."); err != nil {
			return err
		}
		cycles, err := tx.CaseCycles(ctx, caseID)
		if err != nil {
			return err
		}
		for _, c := range cycles {
			if !c.Open() {
				continue
			}
			from := c.Status
			c.Status, c.StatusSource, c.StatusBy = domain.CycleCancelled, domain.StatusManual, a.ID()
			if err := tx.UpdateCycle(ctx, c, from); err != nil {
				return err
			}
			if err := audit(ctx, tx, a, "cycle.update", "cycle", c.ID, caseID, from+"->"+c.Status); err != nil {
				return err
			}
			cancelled = append(cancelled, c.Number)
		}
		if err := tx.SetCaseStage(ctx, caseID, domain.StageCycles, domain.StageEnding); err != nil {
			return err
		}
		return audit(ctx, tx, a, "case.stage", "case", caseID, caseID, domain.StageCycles+"->"+domain.StageEnding)
	})
	return cancelled, err
}

// OpenCycles are the numbers of the cycles not yet reviewed or cancelled.
func OpenCycles(cycles []*domain.Cycle) []int {
	var out []int
	for _, c := range cycles {
		if c.Open() {
			out = append(out, c.Number)
		}
	}
	return out
}

// CycleNumbers says cycle numbers in words: "cycle 3", "cycles 2 and 3",
// "cycles 1, 2 and 3".
func CycleNumbers(ns []int) string {
	words := make([]string, len(ns))
	for i, n := range ns {
		words[i] = itoa(n)
	}
	switch len(words) {
	case 0:
		return ""
	case 1:
		return "cycle " + words[0]
	}
	return "cycles " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
