package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// TestCaseloadSaysWhatComesNext follows one case through the start of the
// work and reads the caseload's next step at each point.
func TestCaseloadSaysWhatComesNext(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		u, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
		a := accounts.Actor{User: u}
		c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "N-1", Focus: "bedtime",
			Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}, {Role: "child", Name: "Sam", BirthDate: "2021-05-04"}}})
		if err != nil {
			t.Fatal(err)
		}
		cl := client{t, in.URL, in.Token(t, "ann@example.org")}
		next := func() string {
			var list struct{ Cases []map[string]any }
			cl.call("GET", "/api/v1/cases", "", "", &list)
			return list.Cases[0]["next_step"].(string)
		}
		steps := []struct {
			do   func() error
			want string
		}{
			{func() error { return nil }, "First meeting: note the family's goals"},
			{func() error {
				_, err := in.Deps.Lifecycle.AddGoal(ctx, a, c.ID, lifecycle.GoalInput{HelpingQuestion: "How can I help Sam feel safe?", Now: 3, Hoped: 8})
				return err
			}, "Record consent to filming"},
			{func() error { in.FilmingConsent(t, a, c.ID); return nil }, "Start the cycles"},
			{func() error { return in.Deps.Lifecycle.MoveStage(ctx, a, c.ID, domain.StageCycles) }, "Film cycle 1"},
			{func() error {
				_, err := in.Deps.Lifecycle.Schedule(ctx, a, c.ID, lifecycle.SessionInput{Kind: domain.SessionFilming,
					StartsAt: time.Now().Add(48 * time.Hour), Minutes: 60, Place: "home"})
				return err
			}, "Film cycle 1: add the recording · filming "},
			{func() error { in.ReadyRecording(t, a, c.ID); return nil }, "Edit cycle 1: mark the moments and clips"},
		}
		for _, s := range steps {
			if err := s.do(); err != nil {
				t.Fatal(err)
			}
			if got := next(); !strings.HasPrefix(got, s.want) {
				t.Fatalf("next step %q, want it to start with %q", got, s.want)
			}
		}
	})
}
