package app_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// caseInCycles makes a case with a goal and consent to filming, moved into
// its cycles, and a browser-like client signed in as its practitioner.
func caseInCycles(t *testing.T, in *apptest.Instance) (accounts.Actor, *domain.Case, []*domain.Cycle, *http.Client) {
	t.Helper()
	ctx := context.Background()
	u, _ := in.User(t, "guide@example.org", domain.RolePractitioner, false)
	a := accounts.Actor{User: u}
	c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "J-1", Focus: "Play together",
		Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Deps.Lifecycle.AddGoal(ctx, a, c.ID, lifecycle.GoalInput{HelpingQuestion: "Play calmly?", Now: 3, Hoped: 8}); err != nil {
		t.Fatal(err)
	}
	in.FilmingConsent(t, a, c.ID)
	if err := in.Deps.Lifecycle.MoveStage(ctx, a, c.ID, domain.StageCycles); err != nil {
		t.Fatal(err)
	}
	_, cycles, err := in.Deps.Lifecycle.Stage(ctx, a, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a, c, cycles, signedIn(t, in, "guide@example.org")
}

// signedIn is a client with cookies that follows redirects, signed in by password.
func signedIn(t *testing.T, in *apptest.Instance, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(in.URL+"/login", url.Values{"email": {email}, "password": {apptest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return c
}

// review moves a cycle through filmed and edited to reviewed.
func review(t *testing.T, in *apptest.Instance, a accounts.Actor, cycleID string) {
	t.Helper()
	for _, to := range []string{domain.CycleFilmed, domain.CycleEdited, domain.CycleReviewed} {
		if _, err := in.Deps.Lifecycle.MoveCycle(context.Background(), a, cycleID, lifecycle.CycleChange{Status: to}); err != nil {
			t.Fatal(err)
		}
	}
}
