package store_test

import (
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestCyclesCatchUpWithTheirWork: cases written before cycles followed the
// work get the status their work gives them when migration 00038 runs,
// and a status set by hand keeps who set it, from the audit log.
func TestCyclesCatchUpWithTheirWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := mustUser(t, db, "gail@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "c1", u.ID)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.SetCaseStage(ctx, c.ID, domain.StageFirstMeeting, domain.StageCycles); err != nil {
				return err
			}
			for n := 1; n <= 5; n++ {
				if err := tx.CreateCycle(ctx, &domain.Cycle{ID: "y" + string(rune('0'+n)), CaseID: c.ID, Number: n, Status: domain.CyclePlanned}); err != nil {
					return err
				}
			}
			for _, r := range []*domain.Recording{{ID: "r1", Cycle: 1}, {ID: "r2", Cycle: 2}} {
				r.CaseID, r.UploaderID, r.Filename, r.Size, r.Status = c.ID, u.ID, r.ID+".mp4", 1, domain.RecordingReady
				if err := tx.CreateRecording(ctx, r); err != nil {
					return err
				}
			}
			if err := tx.CreateClip(ctx, &domain.Clip{ID: "k1", RecordingID: "r2", SchemeID: domain.DefaultSchemeID, StartFrame: 1, EndFrame: 5,
				Status: domain.ClipMarked, Version: 1, CreatedBy: u.ID}); err != nil {
				return err
			}
			if err := tx.SetCycleReviewWords(ctx, c.ID, 3, "He looked at me.", ""); err != nil {
				return err
			}
			if err := tx.Audit(ctx, domain.AuditEntry{ActorID: u.ID, Action: "cycle.update", ObjectType: "cycle", ObjectID: "y4", CaseID: c.ID, Detail: "edited->reviewed"}); err != nil {
				return err
			}
			// As an older attune left them: every cycle planned but cycle 4,
			// reviewed by hand, and nothing saying what set any of them.
			if err := tx.ExecForTest(ctx, `UPDATE cycles SET status = CASE WHEN number = 4 THEN 'reviewed' ELSE 'planned' END,
				status_source = '', status_by = '', status_at = 0`); err != nil {
				return err
			}
			return tx.MigrationUpdatesForTest(ctx, "00038_cycle_status_source.sql")
		})
		if err != nil {
			t.Fatal(err)
		}
		var cycles []*domain.Cycle
		if err := db.View(ctx, func(tx *store.Tx) (err error) { cycles, err = tx.CaseCycles(ctx, c.ID); return err }); err != nil {
			t.Fatal(err)
		}
		want := []struct{ status, source, by string }{
			{domain.CycleFilmed, domain.StatusRecording, u.Name}, {domain.CycleEdited, domain.StatusClip, u.Name},
			{domain.CycleReviewed, domain.StatusReview, ""}, {domain.CycleReviewed, domain.StatusManual, u.Name},
			{domain.CyclePlanned, "", ""},
		}
		for i, y := range cycles {
			if w := want[i]; y.Status != w.status || y.StatusSource != w.source || y.StatusByName != w.by {
				t.Errorf("cycle %d after the catch-up: %s set by %q (%q), want %s by %q (%q)", y.Number, y.Status, y.StatusSource, y.StatusByName, w.status, w.source, w.by)
			}
		}
	})
}
