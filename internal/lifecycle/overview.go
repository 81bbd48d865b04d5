package lifecycle

import (
	"context"
	"fmt"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Task statuses, as a task list shows them.
const (
	TaskDone       = "Completed"
	TaskInProgress = "In progress"
	TaskToDo       = "Not started"
	TaskBlocked    = "Cannot start yet"
	TaskCancelled  = "Cancelled"
)

// Task is one step of the intervention with its status.
type Task struct {
	Group, Name, Status string
}

// Overview is everything the case page shows about the intervention.
type Overview struct {
	Stage    string
	Cycles   []*domain.Cycle
	Goals    []*domain.Goal
	Consents []*domain.Consent
	Sessions []*domain.Meeting
	Tasks    []Task
	Filming  bool // a filming consent is in force
	OpenGoal int
}

// Overview reads the intervention of a case, and records one view.
func (s *Service) Overview(ctx context.Context, a accounts.Actor, caseID string) (*Overview, error) {
	o := &Overview{}
	err := s.view(ctx, a, caseID, "intervention", func(tx *store.Tx) error {
		var err error
		if o.Stage, err = tx.CaseStage(ctx, caseID); err != nil {
			return err
		}
		if o.Cycles, err = tx.CaseCycles(ctx, caseID); err != nil {
			return err
		}
		if o.Goals, err = tx.CaseGoals(ctx, caseID); err != nil {
			return err
		}
		if o.Consents, err = tx.CaseConsents(ctx, caseID); err != nil {
			return err
		}
		o.Sessions, err = tx.CaseSessionsOf(ctx, caseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	o.summarise()
	return o, nil
}

func (o *Overview) summarise() {
	for _, c := range o.Consents {
		o.Filming = o.Filming || (c.InForce() && c.Has(domain.PurposeFilming))
	}
	for _, g := range o.Goals {
		if g.Status == domain.GoalOpen {
			o.OpenGoal++
		}
	}
	o.Tasks = Tasks(o.Stage, o.OpenGoal > 0, o.Filming, o.Cycles)
}

// Tasks lays out the intervention as a task list: first meeting, consent,
// each cycle's filming, editing and review, then the ending.
func Tasks(stage string, goals, filming bool, cycles []*domain.Cycle) []Task {
	first := TaskToDo
	if stage != domain.StageFirstMeeting {
		first = TaskDone
	} else if goals {
		first = TaskInProgress
	}
	consent := TaskToDo
	if filming {
		consent = TaskDone
	}
	out := []Task{{"Getting started", "First meeting and goals", first}, {"Getting started", "Consent", consent}}
	if len(cycles) == 0 {
		for n := 1; n <= DefaultCycles; n++ {
			out = append(out, cycleTasks(&domain.Cycle{Number: n, Status: domain.CyclePlanned}, false)...)
		}
	}
	for _, c := range cycles {
		out = append(out, cycleTasks(c, stage == domain.StageCycles)...)
	}
	return append(out, Task{"Ending", "Re-rate the goals, closing letter", endingStatus(stage)})
}

func cycleTasks(c *domain.Cycle, started bool) []Task {
	group := fmt.Sprintf("Cycle %d", c.Number)
	steps := []struct{ name, done string }{{"Film", domain.CycleFilmed}, {"Edit", domain.CycleEdited}, {"Shared review", domain.CycleReviewed}}
	rank := map[string]int{domain.CyclePlanned: 0, domain.CycleFilmed: 1, domain.CycleEdited: 2, domain.CycleReviewed: 3}
	var out []Task
	for i, st := range steps {
		status := TaskBlocked
		switch {
		case c.Status == domain.CycleCancelled:
			status = TaskCancelled
		case rank[c.Status] > i:
			status = TaskDone
		case started && rank[c.Status] == i:
			status = TaskToDo
		}
		out = append(out, Task{group, st.name, status})
	}
	return out
}

func endingStatus(stage string) string {
	switch stage {
	case domain.StageEnding:
		return TaskInProgress
	case domain.StageEnded:
		return TaskDone
	}
	return TaskBlocked
}
