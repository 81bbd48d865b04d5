package lifecycle

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// MaxOpenGoals is how many goals a family works on at once.
const MaxOpenGoals = 3

// GoalInput is a new goal: the helping question and where the family is now
// and hopes to get to, each 0 to 10.
type GoalInput struct {
	HelpingQuestion string
	Now, Hoped      int
}

// Validate cleans the input and names the first field to fix.
func (in *GoalInput) Validate() error {
	in.HelpingQuestion = line(in.HelpingQuestion)
	switch {
	case in.HelpingQuestion == "":
		return domain.FieldError("helping_question", "Write the helping question in the family's own words, for example “How can I help my son feel safe when we are apart?”.")
	case tooLong(in.HelpingQuestion, 500):
		return domain.FieldError("helping_question", "Keep the helping question to 500 characters; put the rest in the first meeting notes.")
	}
	if err := checkScale("now", in.Now); err != nil {
		return err
	}
	return checkScale("hoped", in.Hoped)
}

func checkScale(field string, v int) error {
	if v < 0 || v > 10 {
		return domain.FieldError(field, "Ratings go from 0 to 10; %d is outside the scale.", v)
	}
	return nil
}

// AddGoal sets a new goal with its first rating. A case has at most three
// goals open at once.
func (s *Service) AddGoal(ctx context.Context, a accounts.Actor, caseID string, in GoalInput) (*domain.Goal, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	g := &domain.Goal{ID: auth.NewID(), CaseID: caseID, HelpingQuestion: in.HelpingQuestion, Hoped: in.Hoped, Status: domain.GoalOpen}
	err := s.edit(ctx, a, caseID, func(tx *store.Tx) error {
		n, err := tx.CountOpenGoals(ctx, caseID)
		if err != nil {
			return err
		}
		if n >= MaxOpenGoals {
			return domain.Errorf(domain.ECONFLICT, "This family already has %d goals open, the most we work on at once. Close a goal before adding another.", n)
		}
		if err := tx.CreateGoal(ctx, g); err != nil {
			return err
		}
		r, err := s.rate(ctx, tx, g, in.Now)
		g.Ratings = []domain.Rating{*r}
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "goal.create", "goal", g.ID, caseID, "")
	})
	return g, err
}

// Rate records where the family puts itself on a goal now; the time point
// (first meeting, after cycle N, ending) follows from where the case stands.
func (s *Service) Rate(ctx context.Context, a accounts.Actor, goalID string, value int) (*domain.Rating, error) {
	if err := checkScale("value", value); err != nil {
		return nil, err
	}
	var r *domain.Rating
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		g, err := tx.GoalByID(ctx, goalID)
		if err := caseOf(ctx, tx, a, "goal", g.CaseID, err, casework.WantEdit); err != nil {
			return err
		}
		if g.Status != domain.GoalOpen {
			return domain.Errorf(domain.ECONFLICT, "This goal is closed, so it isn't rated any more.")
		}
		if r, err = s.rate(ctx, tx, g, value); err != nil {
			return err
		}
		return audit(ctx, tx, a, "goal.rate", "goal", g.ID, g.CaseID, r.Point)
	})
	return r, err
}

func (s *Service) rate(ctx context.Context, tx *store.Tx, g *domain.Goal, value int) (*domain.Rating, error) {
	point, cycle, err := timePoint(ctx, tx, g.CaseID)
	if err != nil {
		return nil, err
	}
	r := &domain.Rating{ID: auth.NewID(), GoalID: g.ID, Value: value, Point: point, Cycle: cycle}
	return r, tx.AddRating(ctx, r)
}

// timePoint is when a rating made now counts: at the first meeting, after
// the last reviewed cycle, or at the ending.
func timePoint(ctx context.Context, tx *store.Tx, caseID string) (string, int, error) {
	stage, err := tx.CaseStage(ctx, caseID)
	if err != nil || stage == domain.StageFirstMeeting {
		return domain.PointFirstMeeting, 0, err
	}
	if stage == domain.StageEnding || stage == domain.StageEnded {
		return domain.PointEnding, 0, nil
	}
	cycles, err := tx.CaseCycles(ctx, caseID)
	last := 0
	for _, c := range cycles {
		if c.Status == domain.CycleReviewed {
			last = c.Number
		}
	}
	if last == 0 {
		return domain.PointFirstMeeting, 0, err
	}
	return domain.PointCycle, last, err
}

// CloseGoal closes a goal (achieved, or set aside for a new one).
func (s *Service) CloseGoal(ctx context.Context, a accounts.Actor, goalID string) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		g, err := tx.GoalByID(ctx, goalID)
		if err := caseOf(ctx, tx, a, "goal", g.CaseID, err, casework.WantEdit); err != nil {
			return err
		}
		if g.Status != domain.GoalOpen {
			return domain.Errorf(domain.ECONFLICT, "This goal is already closed.")
		}
		if err := tx.SetGoalStatus(ctx, g.ID, domain.GoalClosed); err != nil {
			return err
		}
		return audit(ctx, tx, a, "goal.close", "goal", g.ID, g.CaseID, "")
	})
}

// Goals lists a case's goals with their ratings over time.
func (s *Service) Goals(ctx context.Context, a accounts.Actor, caseID string) ([]*domain.Goal, error) {
	var out []*domain.Goal
	err := s.view(ctx, a, caseID, "goal", func(tx *store.Tx) error {
		var err error
		out, err = tx.CaseGoals(ctx, caseID)
		return err
	})
	return out, err
}

// PointLabel says a rating's time point in words.
func PointLabel(r domain.Rating) string {
	switch r.Point {
	case domain.PointFirstMeeting:
		return "First meeting"
	case domain.PointEnding:
		return "Ending"
	}
	return "After cycle " + itoa(r.Cycle)
}
