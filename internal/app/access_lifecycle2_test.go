package app_test

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

func init() {
	rowSources = append(rowSources, lifecyclePageRows)
	worldHooks = append(worldHooks, endingWorld)
}

// endingWorld adds a case at its ending (its cycles cancelled), shared with
// the supervisor, with one open goal to rate.
func endingWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	l := in.Deps.Lifecycle
	c := readyCase(t, in, owner, ids["supShare"])
	if err := l.MoveStage(ctx, owner, c, domain.StageCycles); err != nil {
		t.Fatal(err)
	}
	_, cycles, err := l.Stage(ctx, owner, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, cy := range cycles {
		if _, err := l.MoveCycle(ctx, owner, cy.ID, lifecycle.CycleChange{Status: domain.CycleCancelled}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.MoveStage(ctx, owner, c, domain.StageEnding); err != nil {
		t.Fatal(err)
	}
	ids["endingCase"], ids["endingGoal"] = c, goalOf(t, in, owner, c)
}

func lifecyclePageRows(ids map[string]string) []row {
	c, end := "/cases/"+ids["case"], "/cases/"+ids["endingCase"]
	me := func(anonStatus, status int) expect { return expect{anon: anonStatus, admin: 403, "*": status} }
	return []row{
		{route: "GET /cases/{id}/first-meeting", path: c + "/first-meeting", expect: caseView},
		{route: "POST /cases/{id}/first-meeting", path: c + "/first-meeting", body: "child=Loves+trains&relationship=Close&first_meeting=Met+at+home", expect: caseEdit},
		{route: "GET /cases/{id}/ending", path: end + "/ending", expect: caseView},
		{route: "POST /cases/{id}/ending/ratings", path: end + "/ending/ratings", body: "goal-" + ids["endingGoal"] + "=7", expect: caseEdit},
		{route: "POST /cases/{id}/ending/letter", path: end + "/ending/letter", body: "letter=Thank+you&future=More+play", expect: caseEdit},
		{route: "POST /sessions/{id}/attendance", path: "/sessions/" + ids["session"] + "/attendance", body: "attendance=attended&case=" + ids["case"], expect: caseEdit},
		{route: "GET /calendar", expect: me(303, 200)},
		{route: "POST /calendar", expect: me(401, 200), order: 6},
		{route: "POST /calendar/revoke", expect: me(401, 303), order: 6},
	}
}
