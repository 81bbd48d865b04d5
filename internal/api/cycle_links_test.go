package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// TestFilmsAndSessionsJoinTheCycleUnderWay: a film added, or a filming or
// review session planned, while a cycle is under way belongs to that cycle.
func TestFilmsAndSessionsJoinTheCycleUnderWay(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		u, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		a := accounts.Actor{User: u}
		c, _ := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "L-1"})
		cl := client{t, in.URL, in.Token(t, "ann@example.org")}
		film := func() float64 {
			var rec map[string]any
			if s := cl.call("POST", "/api/v1/cases/"+c.ID+"/recordings", "application/json", `{"filename":"a.mp4","size":100}`, &rec); s != 201 {
				t.Fatalf("create recording: %d %v", s, rec)
			}
			n, _ := rec["cycle"].(float64)
			return n
		}
		in.FilmingConsent(t, a, c.ID)
		if n := film(); n != 0 {
			t.Fatalf("a film before the cycles belongs to cycle %v", n)
		}
		if _, err := in.Deps.Lifecycle.AddGoal(ctx, a, c.ID, lifecycle.GoalInput{HelpingQuestion: "Calm mornings", Now: 3, Hoped: 7}); err != nil {
			t.Fatal(err)
		}
		if err := in.Deps.Lifecycle.MoveStage(ctx, a, c.ID, domain.StageCycles); err != nil {
			t.Fatal(err)
		}
		if n := film(); n != 1 {
			t.Fatalf("a film in cycle 1 belongs to cycle %v", n)
		}
		_, cycles, err := in.Deps.Lifecycle.Stage(ctx, a, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := in.Deps.Lifecycle.MoveCycle(ctx, a, cycles[0].ID, lifecycle.CycleChange{Status: domain.CycleCancelled}); err != nil {
			t.Fatal(err)
		}
		if n := film(); n != 2 {
			t.Fatalf("after cycle 1 ended, a film belongs to cycle %v, want 2", n)
		}
		m, err := in.Deps.Lifecycle.Schedule(ctx, a, c.ID, lifecycle.SessionInput{Kind: domain.SessionReview,
			StartsAt: time.Now().Add(72 * time.Hour), Minutes: 60, Place: "home"})
		if err != nil || m.Cycle != 2 {
			t.Fatalf("review session: cycle %v, %v", m.Cycle, err)
		}
	})
}
