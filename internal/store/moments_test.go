package store_test

import (
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// A recording's moment analysis: saved with its timeline sealed, progress
// only while processing, suggestions replaced except decided ones, a
// decision made once, and everything gone with the case's consent.
func TestMoments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		db.SealFields(sealingKeys(t))
		u := mustUser(t, db, "ann@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "c1", u.ID)
		r := &domain.Recording{ID: "r1", CaseID: c.ID, UploaderID: u.ID, Filename: "a.mp4", Status: domain.RecordingReady}
		update := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := db.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		m := &domain.MomentAnalysis{RecordingID: r.ID, CaseID: c.ID, Status: domain.MomentsProcessing}
		update(func(tx *store.Tx) error {
			if err := tx.CreateRecording(ctx, r); err != nil {
				return err
			}
			return tx.SaveMomentAnalysis(ctx, m)
		})
		update(func(tx *store.Tx) error { return tx.MomentProgress(ctx, r.ID, 0.5) })
		m.Status, m.Progress, m.DurationMS, m.TurnCount, m.Initiatives, m.Answered = domain.MomentsReady, 1, 120000, 6, 4, 3
		m.Timeline = `{"utterances":[{"speaker":"child","start_ms":100,"end_ms":900}]}`
		update(func(tx *store.Tx) error { return tx.SaveMomentAnalysis(ctx, m) })
		update(func(tx *store.Tx) error { return tx.MomentProgress(ctx, r.ID, 0.2) })
		var got *domain.MomentAnalysis
		update(func(tx *store.Tx) (err error) { got, err = tx.MomentAnalysis(ctx, r.ID); return err })
		if got.Status != domain.MomentsReady || got.Progress != 1 || got.Timeline != m.Timeline || got.TurnsPerMinute() != 3 || got.AnsweredShare() != 0.75 {
			t.Fatalf("analysis %+v", got)
		}
		var raw string
		if err := db.Raw().QueryRowContext(ctx, `SELECT timeline FROM moment_analyses`).Scan(&raw); err != nil || strings.Contains(raw, "child") {
			t.Fatalf("timeline stored as %q (%v): it must be sealed", raw, err)
		}

		sug := func(id string, at int64) *domain.MomentSuggestion {
			return &domain.MomentSuggestion{ID: id, StartMS: at - 1000, EndMS: at + 4000, StartFrame: 0, EndFrame: 100, InitiativeMS: at, LatencyMS: 800, Turns: 2}
		}
		update(func(tx *store.Tx) error {
			return tx.ReplaceMomentSuggestions(ctx, r.ID, []*domain.MomentSuggestion{sug("s1", 2000), sug("s2", 9000)})
		})
		decide := func(id, state string) bool {
			var ok bool
			update(func(tx *store.Tx) (err error) {
				ok, err = tx.DecideSuggestion(ctx, &domain.MomentSuggestion{ID: id, State: state, DecidedBy: u.ID, AnnotationID: "a1"})
				return err
			})
			return ok
		}
		if !decide("s1", domain.SuggestionAccepted) || decide("s1", domain.SuggestionDismissed) {
			t.Fatal("a suggestion is decided once")
		}
		update(func(tx *store.Tx) error {
			return tx.ReplaceMomentSuggestions(ctx, r.ID, []*domain.MomentSuggestion{sug("s3", 2100), sug("s4", 15000)})
		})
		var all []*domain.MomentSuggestion
		update(func(tx *store.Tx) (err error) { all, err = tx.MomentSuggestions(ctx, r.ID); return err })
		if len(all) != 2 || all[0].ID != "s1" || all[0].State != domain.SuggestionAccepted || all[0].DecidedAt == nil || all[1].ID != "s4" {
			t.Fatalf("after a new analysis: %+v", all)
		}
		if k, err := caseOfSuggestion(db, "s4"); err != nil || k != c.ID {
			t.Fatalf("case of a suggestion: %q %v", k, err)
		}
		for _, hide := range []bool{true, false, true} {
			var got bool
			update(func(tx *store.Tx) (err error) {
				if err := tx.SetCaseMomentsHidden(ctx, c.ID, hide, u.ID); err != nil {
					return err
				}
				got, err = tx.CaseMomentsHidden(ctx, c.ID)
				return err
			})
			if got != hide {
				t.Fatalf("hidden %v after setting %v", got, hide)
			}
		}
		var n int64
		update(func(tx *store.Tx) (err error) { n, err = tx.DeleteCaseMoments(ctx, c.ID); return err })
		update(func(tx *store.Tx) (err error) { all, err = tx.MomentSuggestions(ctx, r.ID); return err })
		err := db.View(ctx, func(tx *store.Tx) error { _, err := tx.MomentAnalysis(ctx, r.ID); return err })
		if n != 1 || len(all) != 0 || !store.IsNotFound(err) {
			t.Fatalf("after withdrawal: %d analyses deleted, %d suggestions left, %v", n, len(all), err)
		}
	})
}

func caseOfSuggestion(db *store.DB, id string) (string, error) {
	var k string
	err := db.View(ctx, func(tx *store.Tx) (err error) { k, err = tx.CaseOfRecord(ctx, "suggestion", id); return err })
	return k, err
}
