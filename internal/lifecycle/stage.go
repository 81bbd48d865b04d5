package lifecycle

import (
	"context"
	"strconv"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// DefaultCycles is how many cycles a case starts with.
const DefaultCycles = 3

// MaxCycles bounds how many cycles one case may have.
const MaxCycles = 12

// stageMoves are the allowed moves between stages; each says what must hold.
var stageMoves = map[[2]string]func(ctx context.Context, tx *store.Tx, caseID string) error{
	{domain.StageFirstMeeting, domain.StageCycles}: readyForCycles,
	{domain.StageCycles, domain.StageEnding}:       cyclesDone,
	{domain.StageEnding, domain.StageCycles}:       func(context.Context, *store.Tx, string) error { return nil },
	{domain.StageEnding, domain.StageEnded}:        goalsReRated,
}

// Stage tells where a case stands.
func (s *Service) Stage(ctx context.Context, a accounts.Actor, caseID string) (string, []*domain.Cycle, error) {
	var stage string
	var cycles []*domain.Cycle
	err := s.view(ctx, a, caseID, "cycle", func(tx *store.Tx) error {
		var err error
		if stage, err = tx.CaseStage(ctx, caseID); err != nil {
			return err
		}
		cycles, err = tx.CaseCycles(ctx, caseID)
		return err
	})
	return stage, cycles, err
}

// MoveStage moves a case to the next stage, if the move is allowed and what
// it needs holds. Starting the cycles makes the first three.
func (s *Service) MoveStage(ctx context.Context, a accounts.Actor, caseID, to string) error {
	return s.edit(ctx, a, caseID, func(tx *store.Tx) error {
		from, err := tx.CaseStage(ctx, caseID)
		if err != nil {
			return err
		}
		check, ok := stageMoves[[2]string{from, to}]
		if !ok {
			return domain.FieldError("stage", "A case at the %s can't move to %q. The order is: first meeting, cycles, ending, ended.", StageLabel(from), to)
		}
		if err := check(ctx, tx, caseID); err != nil {
			return err
		}
		if err := tx.SetCaseStage(ctx, caseID, from, to); err != nil {
			return err
		}
		if to == domain.StageCycles && from == domain.StageFirstMeeting {
			if err := addCycles(ctx, tx, a, caseID, DefaultCycles); err != nil {
				return err
			}
		}
		return audit(ctx, tx, a, "case.stage", "case", caseID, caseID, from+"->"+to)
	})
}

func readyForCycles(ctx context.Context, tx *store.Tx, caseID string) error {
	if n, err := tx.CountOpenGoals(ctx, caseID); err != nil || n == 0 {
		return orConflict(err, "Set at least one goal with the family before the cycles start.")
	}
	ok, err := tx.HasConsentInForce(ctx, caseID, domain.PurposeFilming)
	if err != nil || !ok {
		return orConflict(err, "Record the family's consent to filming before the cycles start.")
	}
	return nil
}

func cyclesDone(ctx context.Context, tx *store.Tx, caseID string) error {
	cycles, err := tx.CaseCycles(ctx, caseID)
	if err != nil {
		return err
	}
	for _, c := range cycles {
		if c.Open() {
			return domain.Errorf(domain.ECONFLICT, "Cycle %d is still open (%s). Finish its review, or cancel it to end early, before the ending.", c.Number, CycleLabel(c.Status))
		}
	}
	return nil
}

func goalsReRated(ctx context.Context, tx *store.Tx, caseID string) error {
	goals, err := tx.CaseGoals(ctx, caseID)
	if err != nil {
		return err
	}
	for _, g := range goals {
		if g.Status == domain.GoalOpen && !ratedAtEnding(g) {
			return domain.Errorf(domain.ECONFLICT, "Rate the goal “%s” again with the family before ending.", g.HelpingQuestion)
		}
	}
	return nil
}

func ratedAtEnding(g *domain.Goal) bool {
	for _, r := range g.Ratings {
		if r.Point == domain.PointEnding {
			return true
		}
	}
	return false
}

func orConflict(err error, msg string) error {
	if err != nil {
		return err
	}
	return domain.Errorf(domain.ECONFLICT, "%s", msg)
}

func addCycles(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string, n int) error {
	cycles, err := tx.CaseCycles(ctx, caseID)
	if err != nil {
		return err
	}
	if len(cycles)+n > MaxCycles {
		return domain.Errorf(domain.ECONFLICT, "A case can have up to %d cycles.", MaxCycles)
	}
	for i := 1; i <= n; i++ {
		c := &domain.Cycle{ID: auth.NewID(), CaseID: caseID, Number: len(cycles) + i, Status: domain.CyclePlanned}
		if err := tx.CreateCycle(ctx, c); err != nil {
			return err
		}
		if err := audit(ctx, tx, a, "cycle.create", "cycle", c.ID, caseID, ""); err != nil {
			return err
		}
	}
	return nil
}

// StageLabel says a stage in words.
func StageLabel(stage string) string {
	return map[string]string{domain.StageFirstMeeting: "first meeting", domain.StageCycles: "cycles",
		domain.StageEnding: "ending", domain.StageEnded: "end"}[stage]
}

func itoa(n int) string { return strconv.Itoa(n) }
