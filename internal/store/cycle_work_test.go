package store_test

import (
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestCycleFollowsWork: a recording added for cycle 1 makes it filmed, a
// clip from it edited, the review's words reviewed; each says what set it
// and who. A cycle marked by hand is not moved back by the work.
func TestCycleFollowsWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := mustUser(t, db, "gail@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "c1", u.ID)
		y1 := &domain.Cycle{ID: "y1", CaseID: c.ID, Number: 1, Status: domain.CyclePlanned}
		y2 := &domain.Cycle{ID: "y2", CaseID: c.ID, Number: 2, Status: domain.CyclePlanned}
		step := func(what string, fn func(tx *store.Tx) error) map[int]*domain.Cycle {
			t.Helper()
			out := map[int]*domain.Cycle{}
			err := db.Update(ctx, func(tx *store.Tx) error {
				if err := fn(tx); err != nil {
					return err
				}
				for _, n := range []int{1, 2} {
					if err := tx.FollowWork(ctx, c.ID, n, u.ID); err != nil {
						return err
					}
				}
				cs, err := tx.CaseCycles(ctx, c.ID)
				for _, y := range cs {
					out[y.Number] = y
				}
				return err
			})
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			return out
		}
		want := func(what string, y *domain.Cycle, status, source, by string) {
			t.Helper()
			if y.Status != status || y.StatusSource != source || y.StatusByName != by || (status != domain.CyclePlanned && y.StatusAt.IsZero()) {
				t.Errorf("%s: cycle %d is %s (set by %q, %q at %v), want %s by %q, %q", what, y.Number, y.Status, y.StatusSource, y.StatusByName, y.StatusAt, status, source, by)
			}
		}
		step("start the cycles", func(tx *store.Tx) error {
			if err := tx.SetCaseStage(ctx, c.ID, domain.StageFirstMeeting, domain.StageCycles); err != nil {
				return err
			}
			if err := tx.CreateCycle(ctx, y1); err != nil {
				return err
			}
			return tx.CreateCycle(ctx, y2)
		})
		rec := &domain.Recording{ID: "r1", CaseID: c.ID, UploaderID: u.ID, Filename: "bath.mp4", Size: 1, Status: domain.RecordingReady, Cycle: 1}
		got := step("a recording for cycle 1", func(tx *store.Tx) error { return tx.CreateRecording(ctx, rec) })
		want("recording", got[1], domain.CycleFilmed, domain.StatusRecording, u.Name)
		want("recording", got[2], domain.CyclePlanned, "", "")

		clip := &domain.Clip{ID: "k1", RecordingID: rec.ID, SchemeID: domain.DefaultSchemeID, StartFrame: 1, EndFrame: 9, Status: domain.ClipMarked, Version: 1, CreatedBy: u.ID}
		got = step("a clip from it", func(tx *store.Tx) error { return tx.CreateClip(ctx, clip) })
		want("clip", got[1], domain.CycleEdited, domain.StatusClip, u.Name)

		got = step("the review's words", func(tx *store.Tx) error {
			return tx.SetCycleReviewWords(ctx, c.ID, 1, "I waited and he came to me.", "")
		})
		want("review", got[1], domain.CycleReviewed, domain.StatusReview, u.Name)
		if got[1].ParentWords != "I waited and he came to me." {
			t.Errorf("the cycle's words read back %q", got[1].ParentWords)
		}

		got = step("the words cleared", func(tx *store.Tx) error { return tx.SetCycleReviewWords(ctx, c.ID, 1, "", "") })
		want("words cleared", got[1], domain.CycleEdited, domain.StatusClip, u.Name)

		// Cycle 2, marked filmed by hand, moves on with the work moved to it; the
		// work moved away again takes it back, as the work set it then.
		got = step("cycle 2 marked by hand, the recording moved to it and back", func(tx *store.Tx) error {
			y2.Status, y2.StatusSource, y2.StatusBy = domain.CycleFilmed, domain.StatusManual, u.ID
			if err := tx.UpdateCycle(ctx, y2, domain.CyclePlanned); err != nil {
				return err
			}
			return tx.SetRecordingCycle(ctx, rec.ID, 2)
		})
		want("moved to 2", got[2], domain.CycleEdited, domain.StatusClip, u.Name)
		want("moved from 1", got[1], domain.CyclePlanned, "", "")
		got = step("moved back", func(tx *store.Tx) error { return tx.SetRecordingCycle(ctx, rec.ID, 1) })
		want("moved back to 1", got[1], domain.CycleEdited, domain.StatusClip, u.Name)
		want("work gone from 2", got[2], domain.CyclePlanned, "", "")
	})
}
