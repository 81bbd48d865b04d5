package lifecycle_test

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Withdrawing the consent to analysis deletes what the moment finder found
// (its analysis and suggestions); the films and their filming consent stay.
func TestWithdrawingAnalysisDeletesMoments(t *testing.T) {
	in := apptest.Start(t, "")
	u, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
	a := accounts.Actor{User: u}
	c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "M-1"})
	if err != nil {
		t.Fatal(err)
	}
	rec := in.ReadyRecording(t, a, c.ID)
	in.Consent(t, a, c.ID, domain.PurposeAnalysis)
	err = in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SaveMomentAnalysis(ctx, &domain.MomentAnalysis{RecordingID: rec.ID, CaseID: c.ID, Status: domain.MomentsReady, TurnCount: 3}); err != nil {
			return err
		}
		return tx.ReplaceMomentSuggestions(ctx, rec.ID, []*domain.MomentSuggestion{{ID: "s1", EndFrame: 10, InitiativeMS: 1000}})
	})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := in.Deps.Lifecycle.Consents(ctx, a, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var analysis *domain.Consent
	for _, k := range cs {
		if k.Has(domain.PurposeAnalysis) {
			analysis = k
		}
	}
	w, err := in.Deps.Lifecycle.Withdraw(ctx, a, analysis.ID)
	if err != nil || len(w.Erased) != 0 {
		t.Fatalf("withdraw: %v %+v", err, w)
	}
	var ss []*domain.MomentSuggestion
	err = in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		if _, err := tx.MomentAnalysis(ctx, rec.ID); !store.IsNotFound(err) {
			t.Errorf("analysis after withdrawal: %v, want gone", err)
		}
		if _, err := tx.RecordingByID(ctx, rec.ID); err != nil {
			t.Errorf("the film went with the analysis consent: %v", err)
		}
		ss, err = tx.MomentSuggestions(ctx, rec.ID)
		return err
	})
	if err != nil || len(ss) != 0 {
		t.Fatalf("suggestions after withdrawal: %v %v", ss, err)
	}
}

// Consenting to analysis schedules the moment finder for the case's
// processed films, in the consent's own transaction.
func TestAnalysisConsentSchedulesFilms(t *testing.T) {
	in := apptest.Start(t, "")
	u, _ := in.User(t, "bo@example.org", domain.RolePractitioner, false)
	a := accounts.Actor{User: u}
	c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "M-2"})
	if err != nil {
		t.Fatal(err)
	}
	rec := in.ReadyRecording(t, a, c.ID)
	var scheduled []string
	in.Deps.Lifecycle.EnqueueMoments = func(_ context.Context, _ *store.Tx, id string) error {
		scheduled = append(scheduled, id)
		return nil
	}
	in.Consent(t, a, c.ID, domain.PurposeTraining)
	if len(scheduled) != 0 {
		t.Fatalf("a consent without analysis scheduled %v", scheduled)
	}
	in.Consent(t, a, c.ID, domain.PurposeAnalysis)
	if len(scheduled) != 1 || scheduled[0] != rec.ID {
		t.Fatalf("scheduled %v, want the one processed film %s", scheduled, rec.ID)
	}
}
