package moments

import (
	"context"
	"slices"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// CycleFigures are the moment finder's figures for one recording of a
// case, with the cycle it was filmed for: estimates from the sound.
type CycleFigures struct {
	Cycle          int
	RecordingID    string
	Status         string
	Minutes        float64
	TurnsPerMinute float64
	Initiatives    int
	Answered       int
	AnsweredShare  float64
}

// Case lists the figures of a case's analysed recordings, by cycle then
// filming order.
func (s *Service) Case(ctx context.Context, a accounts.Actor, caseID string) ([]CycleFigures, error) {
	var out []CycleFigures
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantView); err != nil {
			return err
		}
		recs, err := tx.CaseRecordings(ctx, caseID)
		if err != nil {
			return err
		}
		ms, err := tx.CaseMomentAnalyses(ctx, caseID)
		if err != nil {
			return err
		}
		byRec := map[string]*domain.MomentAnalysis{}
		for _, m := range ms {
			byRec[m.RecordingID] = m
		}
		for _, r := range recs {
			if m := byRec[r.ID]; m != nil {
				out = append(out, figures(r, m))
			}
		}
		return nil
	})
	sortByCycle(out)
	return out, err
}

func figures(r *domain.Recording, m *domain.MomentAnalysis) CycleFigures {
	return CycleFigures{Cycle: r.Cycle, RecordingID: r.ID, Status: m.Status, Minutes: float64(m.DurationMS) / 60000,
		TurnsPerMinute: m.TurnsPerMinute(), Initiatives: m.Initiatives, Answered: m.Answered, AnsweredShare: m.AnsweredShare()}
}

// sortByCycle keeps filming order within a cycle; recordings without a
// cycle come last.
func sortByCycle(fs []CycleFigures) {
	key := func(c int) int {
		if c == 0 {
			return 1 << 30
		}
		return c
	}
	slices.SortStableFunc(fs, func(a, b CycleFigures) int { return key(a.Cycle) - key(b.Cycle) })
}

// EstimateNote says what the figures are, wherever they are shown.
const EstimateNote = "An estimate from the recordings' sound, made by a computer: who was speaking when, and how often an adult answered the child within 3 seconds. It is not a score of the parent, and it can be wrong (other voices, a television, whispering)."

// AnsweredPercent is AnsweredShare in whole percent, for pages.
func (f CycleFigures) AnsweredPercent() int { return int(f.AnsweredShare*100 + 0.5) }
