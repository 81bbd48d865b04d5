package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// The moment finder's API: before consent the status says so; with an
// analysis, the speakers, turns and labelled suggestions; accepting makes a
// coded moment over the suggestion's frames, once; dismissing is
// remembered; the case's figures and the CSV and ELAN exports follow.
func TestMomentsAPI(t *testing.T) {
	in := apptest.Start(t, "")
	f := newCoding(t, in, 300)
	ctx := context.Background()
	var got momentsOut
	if st := f.c.call("GET", "/api/v1/recordings/"+f.rec+"/moments", "", "", &got); st != 200 || got.Status != "not_consented" {
		t.Fatalf("before consent: %d %+v", st, got)
	}
	err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		// Straight into the store: the service would also schedule the
		// moment finder, whose run would replace this made-up analysis.
		if err := tx.CreateConsent(ctx, &domain.Consent{ID: "k-analysis", CaseID: f.caseID, Purposes: []string{domain.PurposeAnalysis},
			GivenBy: "Ann (mother)", Signature: "Ann", WordingVersion: "1", RecordedBy: f.actor.ID()}); err != nil {
			return err
		}
		m := &domain.MomentAnalysis{RecordingID: f.rec, CaseID: f.caseID, Status: domain.MomentsReady, DurationMS: 120000,
			TurnCount: 4, Initiatives: 3, Answered: 2,
			Timeline: `{"utterances":[{"speaker":"child","start_ms":1000,"end_ms":1800},{"speaker":"adult","start_ms":2600,"end_ms":4000}],"turns":[{"start_ms":1000,"end_ms":4000,"initiator":"child","latency_ms":800}],"response_window_ms":[200,3000]}`}
		if err := tx.SaveMomentAnalysis(ctx, m); err != nil {
			return err
		}
		return tx.ReplaceMomentSuggestions(ctx, f.rec, []*domain.MomentSuggestion{
			{ID: "s1", StartMS: 0, EndMS: 5000, StartFrame: 0, EndFrame: 125, InitiativeMS: 1000, LatencyMS: 800, Turns: 1},
			{ID: "s2", StartMS: 8000, EndMS: 11000, StartFrame: 200, EndFrame: 274, InitiativeMS: 9000, LatencyMS: 1200, Turns: 3},
			{ID: "s3", StartMS: 11000, EndMS: 11800, StartFrame: 275, EndFrame: 295, InitiativeMS: 11500, LatencyMS: 400, Turns: 1}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if st := f.c.call("GET", "/api/v1/recordings/"+f.rec+"/moments", "", "", &got); st != 200 || got.Status != "ready" ||
		len(got.Utterances) != 2 || got.Utterances[0].Speaker != "child" || len(got.Turns) != 1 || got.Turns[0].LatencyMS != 800 ||
		got.TurnCount != 4 || got.TurnsPerMinute != 2 || len(got.Suggestions) != 3 {
		t.Fatalf("moments: %d %+v", st, got)
	}
	if l := got.Suggestions[1].Label; l != "Sam starts, Ann answers after 1.2 s, 3 turns" {
		t.Errorf("label %q", l)
	}
	var an struct {
		ID         string `json:"id"`
		Code       string `json:"code"`
		StartFrame int    `json:"start_frame"`
		EndFrame   int    `json:"end_frame"`
	}
	if st := f.c.call("POST", "/api/v1/suggestions/s2/accept", "application/json", `{"code":"receiving-initiatives"}`, &an); st != 201 ||
		an.Code != "receiving-initiatives" || an.StartFrame != 200 || an.EndFrame != 274 {
		t.Fatalf("accept: %d %+v", st, an)
	}
	var e apiError
	if st := f.c.call("POST", "/api/v1/suggestions/s2/accept", "application/json", `{"code":"guiding"}`, &e); st != 409 || !strings.Contains(e.Error.Message, "already accepted") {
		t.Fatalf("accepting twice: %d %+v", st, e)
	}
	if st := f.c.call("POST", "/api/v1/suggestions/s1/accept", "application/json", `{"code":""}`, &e); st != 400 {
		t.Fatalf("accepting without a code: %d %+v", st, e)
	}
	if st := f.c.call("POST", "/api/v1/suggestions/s1/dismiss", "", "", nil); st != 200 {
		t.Fatalf("dismiss: %d", st)
	}
	var clip struct {
		Title      string   `json:"title"`
		Codes      []string `json:"codes"`
		StartFrame int      `json:"start_frame"`
		EndFrame   int      `json:"end_frame"`
	}
	if st := f.c.call("POST", "/api/v1/suggestions/s3/clip", "application/json", `{"code":"receiving-initiatives"}`, &clip); st != 201 ||
		clip.StartFrame != 275 || clip.EndFrame != 295 || clip.Title != "Sam starts, Ann answers after 0.4 s, 1 turn" || len(clip.Codes) != 1 {
		t.Fatalf("clip: %d %+v", st, clip)
	}
	f.c.call("GET", "/api/v1/recordings/"+f.rec+"/moments", "", "", &got)
	if got.Suggestions[0].State != "dismissed" || got.Suggestions[1].State != "accepted" || got.Suggestions[2].State != "accepted" {
		t.Fatalf("states after deciding: %+v", got.Suggestions)
	}
	var cs struct {
		Note       string `json:"note"`
		Recordings []struct {
			RecordingID    string  `json:"recording_id"`
			Minutes        float64 `json:"minutes"`
			TurnsPerMinute float64 `json:"turns_per_minute"`
			AnsweredShare  float64 `json:"answered_share"`
		} `json:"recordings"`
	}
	if st := f.c.call("GET", "/api/v1/cases/"+f.caseID+"/moments", "", "", &cs); st != 200 || len(cs.Recordings) != 1 ||
		cs.Recordings[0].Minutes != 2 || cs.Recordings[0].TurnsPerMinute != 2 || cs.Recordings[0].AnsweredShare < 0.66 || !strings.Contains(cs.Note, "estimate") {
		t.Fatalf("case figures: %d %+v", st, cs)
	}
	st, _, csv := f.c.raw("GET", "/api/v1/recordings/"+f.rec+"/moments.csv", "", "")
	if st != 200 || !strings.Contains(csv, "utterance,child,1.000,1.800") || !strings.Contains(csv, "turn,child,1.000,4.000,0.800") {
		t.Fatalf("CSV: %d %s", st, csv)
	}
	st, _, eaf := f.c.raw("GET", "/api/v1/recordings/"+f.rec+"/moments.eaf", "", "")
	if st != 200 || !strings.Contains(eaf, `TIER_ID="Child speaking (estimate from the sound)"`) || !strings.Contains(eaf, `TIME_VALUE="2600"`) {
		t.Fatalf("EAF: %d %s", st, eaf)
	}
}

type momentsOut struct {
	Status     string `json:"status"`
	Utterances []struct {
		Speaker string `json:"speaker"`
	} `json:"utterances"`
	Turns []struct {
		LatencyMS int `json:"latency_ms"`
	} `json:"turns"`
	TurnCount      int     `json:"turn_count"`
	TurnsPerMinute float64 `json:"turns_per_minute"`
	Suggestions    []struct {
		ID    string `json:"id"`
		Label string `json:"label"`
		State string `json:"state"`
	} `json:"suggestions"`
}
