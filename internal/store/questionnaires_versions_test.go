package store_test

import (
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Each save counts the assignment's version up; an answer keeps the version
// and tab that wrote it; a sent assignment's version no longer moves.
func TestAnswerVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		owner := mustUser(t, db, "v-owner@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "vcase", owner.ID)
		a := &domain.Assignment{ID: "asv", CaseID: c.ID, InstrumentID: "inv", Point: domain.PointBaseline, Status: domain.AssignmentOpen,
			ExpiresAt: time.Now().Add(time.Hour), Language: "en", CreatedBy: owner.ID}
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateInstrument(ctx, &domain.StoredInstrument{ID: "inv", Key: "kv", Version: 1, Name: "X", Source: "bundled", Definition: "{}"}); err != nil {
				return err
			}
			return tx.CreateAssignment(ctx, a)
		})
		if err != nil {
			t.Fatal(err)
		}
		for want := int64(1); want <= 2; want++ {
			err := db.Update(ctx, func(tx *store.Tx) error {
				v, err := tx.NextAnswersVersion(ctx, "asv")
				if err != nil || v != want {
					t.Errorf("version %d, %v; want %d", v, err, want)
				}
				if err := tx.SaveAnswer(ctx, "asv", "q1", "x"); err != nil {
					return err
				}
				return tx.StampAnswer(ctx, "asv", "q1", store.AnswerStamp{Version: v, Writer: "tab-a", Seq: 10 + v})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			st, err := tx.AnswerStamps(ctx, "asv")
			if err != nil || st["q1"] != (store.AnswerStamp{Version: 2, Writer: "tab-a", Seq: 12}) {
				t.Errorf("stamps: %v %+v", err, st)
			}
			if v, err := tx.AnswersVersion(ctx, "asv"); err != nil || v != 2 {
				t.Errorf("version now: %d %v", v, err)
			}
			if ok, err := tx.CancelAssignment(ctx, "asv"); !ok || err != nil {
				t.Fatalf("cancel: %v %v", ok, err)
			}
			if _, err := tx.NextAnswersVersion(ctx, "asv"); !store.IsNotFound(err) {
				t.Errorf("a closed assignment's version moved: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
