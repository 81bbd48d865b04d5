package lifecycle_test

import (
	"context"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func TestGoalsAndRatings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, a, caseID := family(t, db)
		steps := []struct {
			name      string
			in        lifecycle.GoalInput
			code, fld string
		}{
			{"first", lifecycle.GoalInput{HelpingQuestion: "How can I help him feel safe?", Now: 3, Hoped: 8}, "", ""},
			{"no question", lifecycle.GoalInput{HelpingQuestion: "  ", Now: 3, Hoped: 8}, domain.EINVALID, "helping_question"},
			{"now above 10", lifecycle.GoalInput{HelpingQuestion: "q", Now: 11, Hoped: 8}, domain.EINVALID, "now"},
			{"hoped below 0", lifecycle.GoalInput{HelpingQuestion: "q", Now: 1, Hoped: -1}, domain.EINVALID, "hoped"},
			{"second", lifecycle.GoalInput{HelpingQuestion: "How can we enjoy bedtime?", Now: 0, Hoped: 10}, "", ""},
			{"third", lifecycle.GoalInput{HelpingQuestion: "Can we play together?", Now: 5, Hoped: 7}, "", ""},
			{"fourth", lifecycle.GoalInput{HelpingQuestion: "One more?", Now: 5, Hoped: 7}, domain.ECONFLICT, ""},
		}
		var first *domain.Goal
		for _, st := range steps {
			g, err := s.AddGoal(ctx, a, caseID, st.in)
			if code(err) != st.code || field(err) != st.fld {
				t.Fatalf("%s: %v, want %q on %q", st.name, err, st.code, st.fld)
			}
			if first == nil && err == nil {
				first = g
			}
		}
		for _, v := range []int{-1, 11} {
			if _, err := s.Rate(ctx, a, first.ID, v); code(err) != domain.EINVALID {
				t.Fatalf("rating %d: %v", v, err)
			}
		}
		if _, err := s.Rate(ctx, a, "no-such-goal", 5); code(err) != domain.ENOTFOUND {
			t.Fatalf("rating a missing goal: %v", err)
		}
		if err := s.CloseGoal(ctx, a, first.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Rate(ctx, a, first.ID, 5); code(err) != domain.ECONFLICT {
			t.Fatalf("rating a closed goal: %v", err)
		}
		if _, err := s.AddGoal(ctx, a, caseID, lifecycle.GoalInput{HelpingQuestion: "A new one", Now: 2, Hoped: 6}); err != nil {
			t.Fatalf("a goal after closing one: %v", err)
		}
		gs, err := s.Goals(ctx, a, caseID)
		if err != nil || len(gs) != 4 || len(gs[0].Ratings) != 1 || gs[0].Ratings[0].Value != 3 || gs[0].Ratings[0].Point != domain.PointFirstMeeting {
			t.Fatalf("goals: %v %+v", err, gs)
		}
	})
}

// TestTheWholeWay walks one case through its stages and cycles, checking each
// refused move and the time point of each rating.
func TestTheWholeWay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, a, caseID := family(t, db)
		move := func(to, wantCode string) {
			t.Helper()
			if err := s.MoveStage(ctx, a, caseID, to); code(err) != wantCode {
				t.Fatalf("move to %s: %v, want %q", to, err, wantCode)
			}
		}
		move(domain.StageEnding, domain.EINVALID)  // skipping the cycles
		move(domain.StageCycles, domain.ECONFLICT) // no goal yet
		g, _ := s.AddGoal(ctx, a, caseID, lifecycle.GoalInput{HelpingQuestion: "Feel safe?", Now: 2, Hoped: 8})
		move(domain.StageCycles, domain.ECONFLICT) // no consent yet
		if _, err := s.RecordConsent(ctx, a, caseID, lifecycle.ConsentInput{Purposes: []string{"filming"}, GivenBy: "Zoë (mother)", Signature: "Zoë", WordingVersion: "1"}); err != nil {
			t.Fatal(err)
		}
		move(domain.StageCycles, "")
		_, cycles, err := s.Stage(ctx, a, caseID)
		if err != nil || len(cycles) != lifecycle.DefaultCycles {
			t.Fatalf("cycles: %v %d", err, len(cycles))
		}
		c1 := cycles[0].ID
		cycleMoves := []struct{ to, code string }{
			{domain.CycleReviewed, domain.EINVALID}, {domain.CycleFilmed, ""}, {domain.CycleFilmed, domain.EINVALID},
			{domain.CycleEdited, ""}, {domain.CycleReviewed, ""}, {domain.CycleCancelled, domain.EINVALID},
		}
		for _, m := range cycleMoves {
			_, err := s.MoveCycle(ctx, a, c1, lifecycle.CycleChange{Status: m.to, ParentWords: "He looked at me and smiled."})
			if code(err) != m.code {
				t.Fatalf("cycle 1 to %s: %v, want %q", m.to, err, m.code)
			}
		}
		r, err := s.Rate(ctx, a, g.ID, 5)
		if err != nil || r.Point != domain.PointCycle || r.Cycle != 1 {
			t.Fatalf("rating after cycle 1: %v %+v", err, r)
		}
		move(domain.StageEnding, domain.ECONFLICT) // cycles 2 and 3 open
		reviewKeepsWords(t, db, s, a, caseID, cycles[1].ID)
		for _, c := range cycles[2:] {
			if _, err := s.MoveCycle(ctx, a, c.ID, lifecycle.CycleChange{Status: domain.CycleCancelled}); err != nil {
				t.Fatal(err)
			}
		}
		move(domain.StageEnding, "")
		move(domain.StageEnded, domain.ECONFLICT) // not re-rated at the ending
		if r, err := s.Rate(ctx, a, g.ID, 7); err != nil || r.Point != domain.PointEnding {
			t.Fatalf("ending rating: %v %+v", err, r)
		}
		move(domain.StageEnded, "")
		move(domain.StageCycles, domain.EINVALID)
		stage, _, _ := s.Stage(ctx, a, caseID)
		if stage != domain.StageEnded {
			t.Fatalf("stage %s", stage)
		}
		wantAudited(t, db, caseID, "case.stage", 3)
	})
}

func wantAudited(t *testing.T, db *store.DB, caseID, action string, n int) {
	t.Helper()
	var got []domain.AuditEntry
	db.View(ctx, func(tx *store.Tx) error {
		var err error
		got, err = tx.AuditEntries(ctx, store.AuditFilter{CaseID: caseID, Action: action})
		return err
	})
	if len(got) != n {
		t.Fatalf("%d %s audit entries, want %d", len(got), action, n)
	}
	for _, e := range got {
		if e.ObjectID == "" || strings.Contains(e.Detail, " ") {
			t.Fatalf("audit entry should hold ids only: %+v", e)
		}
	}
}

// The words of a shared review (written with the film) stay when the cycle
// is then marked reviewed without retyping them.
func reviewKeepsWords(t *testing.T, db *store.DB, s *lifecycle.Service, a accounts.Actor, caseID, cycleID string) {
	t.Helper()
	ctx := context.Background()
	for _, to := range []string{domain.CycleFilmed, domain.CycleEdited} {
		if _, err := s.MoveCycle(ctx, a, cycleID, lifecycle.CycleChange{Status: to}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Update(ctx, func(tx *store.Tx) error {
		return tx.SetCycleReviewWords(ctx, caseID, 2, "She wanted to build the tower.", "Wait for her to start.")
	}); err != nil {
		t.Fatal(err)
	}
	c, err := s.MoveCycle(ctx, a, cycleID, lifecycle.CycleChange{Status: domain.CycleReviewed})
	if err != nil || c.ParentWords != "She wanted to build the tower." || c.NextSteps != "Wait for her to start." {
		t.Fatalf("reviewed without retyping the words: %v %+v", err, c)
	}
}
