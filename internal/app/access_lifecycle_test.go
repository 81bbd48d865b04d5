package app_test

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

func init() {
	rowSources = append(rowSources, lifecycleRows)
	worldHooks = append(worldHooks, lifecycleWorld)
}

// lifecycleWorld gives the main case a goal, its cycles (consent to filming
// is there from the films) and a session; two more consents (supervision only,
// so withdrawing them erases nothing); two more cases ready to start their
// cycles, shared with the supervisor; and the owner's calendar feed.
func lifecycleWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	l, c := in.Deps.Lifecycle, ids["case"]
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	g, err := l.AddGoal(ctx, owner, c, lifecycle.GoalInput{HelpingQuestion: "Feel safe", Now: 2, Hoped: 8})
	must(err)
	must(l.MoveStage(ctx, owner, c, domain.StageCycles))
	_, cycles, err := l.Stage(ctx, owner, c)
	must(err)
	m, err := l.Schedule(ctx, owner, c, lifecycle.SessionInput{Kind: "filming", StartsAt: time.Now().Add(48 * time.Hour), Place: "home"})
	must(err)
	ids["goal"], ids["cycle1"], ids["cycle2"], ids["cycle3"], ids["session"] = g.ID, cycles[0].ID, cycles[1].ID, cycles[2].ID, m.ID
	for _, k := range []string{"consent2", "consent3"} {
		cs, err := l.RecordConsent(ctx, owner, c, lifecycle.ConsentInput{Purposes: []string{"supervision"}, GivenBy: "Ann", Signature: "Ann", WordingVersion: "1"})
		must(err)
		ids[k] = cs.ID
	}
	for _, k := range []string{"case2", "case3"} {
		ids[k] = readyCase(t, in, owner, ids["supShare"])
	}
	ids["goal2"] = goalOf(t, in, owner, ids["case2"])
	ids["case4"] = readyCase(t, in, owner, ids["supShare"]) // in its cycles, to end early
	must(l.MoveStage(ctx, owner, ids["case4"], domain.StageCycles))
	ids["feed"], err = l.NewFeed(ctx, owner)
	must(err)
}

// readyCase is a case with a goal and filming consent, shared with a supervisor.
func readyCase(t *testing.T, in *apptest.Instance, owner accounts.Actor, sup string) string {
	ctx := context.Background()
	c, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "READY"})
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Deps.Cases.Share(ctx, owner, c.ID, sup); err != nil {
		t.Fatal(err)
	}
	in.FilmingConsent(t, owner, c.ID)
	if _, err := in.Deps.Lifecycle.AddGoal(ctx, owner, c.ID, lifecycle.GoalInput{HelpingQuestion: "Play", Now: 1, Hoped: 5}); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func goalOf(t *testing.T, in *apptest.Instance, owner accounts.Actor, caseID string) string {
	gs, err := in.Deps.Lifecycle.Goals(context.Background(), owner, caseID)
	if err != nil || len(gs) == 0 {
		t.Fatalf("goals: %v", err)
	}
	return gs[0].ID
}

func lifecycleRows(ids map[string]string) []row {
	c, c2, c3 := "/api/v1/cases/"+ids["case"], "/api/v1/cases/"+ids["case2"], "/cases/"+ids["case3"]
	apiMade := func(status int) expect {
		return expect{anon: 401, owner: status, other: 404, supShare: 403, supNone: 404, admin: 403}
	}
	pageEdit := expect{anon: 303, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}
	formEdit := expect{anon: 401, owner: 200, other: 404, supShare: 403, supNone: 404, admin: 403}
	me := func(status int) expect {
		return expect{anon: 401, admin: 403, "*": status}
	}
	consent := `{"purposes":["filming","supervision"],"given_by":"Ann (mother)","signature":"Ann","wording_version":"1"}`
	return []row{
		{route: "POST /api/v1/cases/{id}/consents", path: c + "/consents", body: consent, expect: apiMade(201)},
		{route: "GET /api/v1/cases/{id}/consents", path: c + "/consents", expect: apiCase},
		{route: "GET /api/v1/consents/{id}/erasure", path: "/api/v1/consents/" + ids["consent2"] + "/erasure", expect: apiEdit},
		{route: "POST /api/v1/consents/{id}/withdraw", path: "/api/v1/consents/" + ids["consent2"] + "/withdraw", expect: apiEdit, order: 6},
		{route: "POST /api/v1/cases/{id}/goals", path: c + "/goals", body: `{"helping_question":"Bedtime","now":3,"hoped":8}`, expect: apiMade(201)},
		{route: "GET /api/v1/cases/{id}/goals", path: c + "/goals", expect: apiCase},
		{route: "POST /api/v1/goals/{id}/ratings", path: "/api/v1/goals/" + ids["goal"] + "/ratings", body: `{"value":5}`, expect: apiMade(201)},
		{route: "POST /api/v1/goals/{id}/close", path: "/api/v1/goals/" + ids["goal2"] + "/close", expect: apiMade(204), order: 6},
		{route: "GET /api/v1/cases/{id}/cycles", path: c + "/cycles", expect: apiCase},
		{route: "POST /api/v1/cases/{id}/cycles", path: c + "/cycles", expect: apiMade(201)},
		{route: "POST /api/v1/cases/{id}/stage", path: c2 + "/stage", body: `{"stage":"cycles"}`, expect: apiEdit},
		// Cycle 3: the cycles before it are worked on by the other rows (a
		// recording or film in the cycle under way moves it on by itself).
		{route: "PATCH /api/v1/cycles/{id}", path: "/api/v1/cycles/" + ids["cycle3"], body: `{"status":"cancelled"}`, expect: apiEdit},
		{route: "POST /api/v1/cases/{id}/sessions", path: c + "/sessions", body: `{"kind":"review","starts_at":"2026-12-03T10:00:00Z","place":"clinic"}`, expect: apiMade(201)},
		{route: "GET /api/v1/cases/{id}/sessions", path: c + "/sessions", expect: apiCase},
		{route: "PATCH /api/v1/sessions/{id}", path: "/api/v1/sessions/" + ids["session"], body: `{"attendance":"attended"}`, expect: apiMade(204)},
		{route: "POST /api/v1/me/ical", expect: me(201), order: 6},
		{route: "DELETE /api/v1/me/ical", expect: me(204), order: 6},
		{route: "GET /ical/{file}", path: ids["feed"], expect: all(200)},
		{route: "GET /api/v1/cases/{id}/notes", path: c + "/notes", expect: apiCase},
		{route: "PUT /api/v1/cases/{id}/notes/{kind}", path: c + "/notes/future", body: `{"body":"More play"}`, expect: apiMade(204)},
		{route: "GET /api/v1/cases/{id}/letter", path: c + "/letter", expect: apiCase},
		{route: "POST /cases/{id}/goals", path: "/cases/" + ids["case"] + "/goals", body: "helping_question=Meals&now=2&hoped=6", expect: caseEdit},
		{route: "POST /goals/{id}/ratings", path: "/goals/" + ids["goal"] + "/ratings", body: "value=6&case=" + ids["case"], expect: caseEdit},
		{route: "GET /cases/{id}/consent", path: "/cases/" + ids["case"] + "/consent", expect: pageEdit},
		{route: "POST /cases/{id}/consent/check", path: "/cases/" + ids["case"] + "/consent/check", body: "purposes=filming&given_by=Ann", expect: formEdit},
		{route: "POST /cases/{id}/consent", path: "/cases/" + ids["case"] + "/consent", body: "purposes=filming&given_by=Ann&signature=Ann", expect: caseEdit},
		{route: "GET /consents/{id}/withdraw", path: "/consents/" + ids["consent3"] + "/withdraw", expect: pageEdit},
		{route: "POST /consents/{id}/withdraw", path: "/consents/" + ids["consent3"] + "/withdraw", expect: caseEdit, order: 6},
		{route: "POST /cases/{id}/stage", path: c3 + "/stage", body: "stage=cycles", expect: caseEdit},
		{route: "GET /cases/{id}/end-early", path: "/cases/" + ids["case4"] + "/end-early", expect: pageEdit},
		{route: "POST /cases/{id}/end-early", path: "/cases/" + ids["case4"] + "/end-early", expect: caseEdit, order: 6},
		{route: "POST /cycles/{id}/status", path: "/cycles/" + ids["cycle2"] + "/status", body: "status=filmed", expect: caseEdit},
		{route: "POST /cases/{id}/sessions", path: "/cases/" + ids["case"] + "/sessions", body: "kind=filming&starts_at=2026-12-03T10:00&minutes=45&place=home", expect: caseEdit},
		{route: "GET /cases/{id}/letter", path: "/cases/" + ids["case"] + "/letter", expect: caseView},
	}
}
