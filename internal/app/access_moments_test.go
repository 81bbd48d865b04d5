package app_test

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

func init() {
	rowSources = append(rowSources, momentRows)
	worldHooks = append(worldHooks, momentWorld)
}

// momentWorld gives the shared recording a moment analysis with two
// suggestions: one to accept, one to dismiss.
func momentWorld(t *testing.T, in *apptest.Instance, owner accounts.Actor, ids map[string]string) {
	ctx := context.Background()
	rec := ids["recording"]
	err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.RecordingByID(ctx, rec)
		if err != nil {
			return err
		}
		m := &domain.MomentAnalysis{RecordingID: rec, CaseID: r.CaseID, Status: domain.MomentsReady, DurationMS: 60000, TurnCount: 2,
			Timeline: `{"utterances":[{"speaker":"child","start_ms":40,"end_ms":120}],"turns":[]}`}
		if err := tx.SaveMomentAnalysis(ctx, m); err != nil {
			return err
		}
		return tx.ReplaceMomentSuggestions(ctx, rec, []*domain.MomentSuggestion{
			{ID: "sug-accept", StartFrame: 1, EndFrame: 4, InitiativeMS: 40, LatencyMS: 800, Turns: 1},
			{ID: "sug-dismiss", StartFrame: 5, EndFrame: 8, InitiativeMS: 4000, LatencyMS: 500, Turns: 2},
			{ID: "sug-clip", StartFrame: 2, EndFrame: 6, InitiativeMS: 9000, LatencyMS: 600, Turns: 1}})
	})
	if err != nil {
		t.Fatal(err)
	}
	ids["suggestion"], ids["suggestion2"] = "sug-accept", "sug-dismiss"
}

func momentRows(ids map[string]string) []row {
	r := "/api/v1/recordings/" + ids["recording"]
	created := expect{anon: 401, owner: 201, other: 404, supShare: 403, supNone: 404, admin: 403}
	return []row{
		{route: "GET /api/v1/recordings/{id}/moments", path: r + "/moments", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/moments.csv", path: r + "/moments.csv", expect: apiCase},
		{route: "GET /api/v1/recordings/{id}/moments.eaf", path: r + "/moments.eaf", expect: apiCase},
		{route: "POST /api/v1/suggestions/{id}/accept", path: "/api/v1/suggestions/" + ids["suggestion"] + "/accept", body: `{"code":"guiding"}`, expect: created},
		{route: "POST /api/v1/suggestions/{id}/clip", path: "/api/v1/suggestions/sug-clip/clip", body: `{"code":"guiding"}`, expect: created},
		{route: "POST /api/v1/suggestions/{id}/dismiss", path: "/api/v1/suggestions/" + ids["suggestion2"] + "/dismiss", expect: apiEdit},
		{route: "GET /api/v1/cases/{id}/moments", path: "/api/v1/cases/" + ids["case"] + "/moments", expect: apiCase},
		{route: "GET /cases/{id}/moments/card", path: "/cases/" + ids["case"] + "/moments/card", expect: caseView},
		{route: "POST /cases/{id}/moments/visibility", path: "/cases/" + ids["case"] + "/moments/visibility", body: "hidden=1", expect: caseEdit},
	}
}
