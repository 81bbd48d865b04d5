package browsertest

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// TestEndEarly: with cycle 1 reviewed and cycles 2 and 3 open, the case
// page says why the ending waits and ends early after asking.
func TestEndEarly(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "erin@example.org", domain.RolePractitioner, false)
	id := cycleOneReviewed(t, in, accounts.Actor{User: u})
	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("erin@example.org")
	p.open("/cases/" + id)
	p.wantText(".card-tasks", "The ending needs the open cycles closed: cycles 2 and 3 are still open.")
	if n := p.count(`form[action="/cases/` + id + `/stage"]`); n != 0 {
		t.Errorf("the case page offers to move to the ending with cycles open (%d forms)", n)
	}
	p.press(`a[href="/cases/` + id + `/end-early"]`)
	p.wantText("h1", "End early?")
	p.press(`form[action="/cases/` + id + `/end-early"] button`)
	p.wantPath("/cases/" + id)
	p.wantText("[role=status]", "Cycles 2 and 3 are cancelled. The case is at the ending.")
	p.wantText(".next-step", "now at the ending")
}

func cycleOneReviewed(t *testing.T, in *apptest.Instance, a accounts.Actor) string {
	t.Helper()
	ctx, l := context.Background(), in.Deps.Lifecycle
	c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "EARLY-1"})
	if err != nil {
		t.Fatal(err)
	}
	in.FilmingConsent(t, a, c.ID)
	if _, err := l.AddGoal(ctx, a, c.ID, lifecycle.GoalInput{HelpingQuestion: "Play", Now: 2, Hoped: 7}); err != nil {
		t.Fatal(err)
	}
	if err := l.MoveStage(ctx, a, c.ID, domain.StageCycles); err != nil {
		t.Fatal(err)
	}
	_, cycles, _ := l.Stage(ctx, a, c.ID)
	for _, to := range []string{domain.CycleFilmed, domain.CycleEdited, domain.CycleReviewed} {
		if _, err := l.MoveCycle(ctx, a, cycles[0].ID, lifecycle.CycleChange{Status: to}); err != nil {
			t.Fatal(err)
		}
	}
	return c.ID
}
