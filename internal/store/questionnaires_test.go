package store_test

import (
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func TestQuestionnaireStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		owner := mustUser(t, db, "q-owner@example.org", domain.RolePractitioner)
		other := mustUser(t, db, "q-other@example.org", domain.RolePractitioner)
		c := mustCase(t, db, "qcase", owner.ID)
		total := 12.0
		a := &domain.Assignment{ID: "as1", CaseID: c.ID, InstrumentID: "in2", Point: domain.PointBaseline, Status: domain.AssignmentOpen,
			TokenHash: "hash1", ExpiresAt: time.Now().Add(time.Hour), Language: "en", CreatedBy: owner.ID}
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i, id := range []string{"in1", "in2"} {
				if err := tx.CreateInstrument(ctx, &domain.StoredInstrument{ID: id, Key: "k", Version: i + 1, Name: "PHQ-9",
					Source: "bundled", Definition: "{}"}); err != nil {
					return err
				}
			}
			if err := tx.CreateAssignment(ctx, a); err != nil {
				return err
			}
			for _, v := range []string{"LA1", "LA2"} {
				if err := tx.SaveAnswer(ctx, "as1", "q1", v); err != nil {
					return err
				}
			}
			if err := tx.SaveAnswer(ctx, "as1", "q2", "LA3"); err != nil {
				return err
			}
			return tx.SaveAnswer(ctx, "as1", "q2", "")
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			list, err := tx.Instruments(ctx)
			if err != nil || len(list) != 1 || list[0].ID != "in2" {
				t.Errorf("newest versions only: %v %+v", err, list)
			}
			got, err := tx.AssignmentByToken(ctx, "hash1")
			if err != nil || got.ID != "as1" || got.InstrumentName != "PHQ-9" || got.Total != nil {
				t.Errorf("by token: %v %+v", err, got)
			}
			ans, err := tx.Answers(ctx, "as1")
			if err != nil || len(ans) != 1 || ans["q1"] != "LA2" {
				t.Errorf("answers upserted and cleared: %v %v", err, ans)
			}
			a.Total, a.Band, a.Score, a.Risk, a.CompletedBy = &total, "Moderate", "{}", true, "parent"
			for i, want := range []bool{true, false} {
				if ok, err := tx.CompleteAssignment(ctx, a); err != nil || ok != want {
					t.Errorf("complete #%d: %v %v", i+1, ok, err)
				}
			}
			if _, err := tx.AssignmentByToken(ctx, "hash1"); !store.IsNotFound(err) {
				t.Errorf("a completed assignment's link must be gone: %v", err)
			}
			return tx.CreateAlert(ctx, &domain.OutcomeAlert{ID: "al1", CaseID: c.ID, AssignmentID: "as1"})
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.View(ctx, func(tx *store.Tx) error {
			got, err := tx.AssignmentByID(ctx, "as1")
			if err != nil || got.Status != domain.AssignmentCompleted || *got.Total != 12 || !got.Risk || got.CompletedAt == nil {
				t.Errorf("completed: %v %+v", err, got)
			}
			mine, err := tx.OpenAlerts(ctx, owner.ID)
			if err != nil || len(mine) != 1 || mine[0].CaseRef != c.Reference {
				t.Errorf("owner's alerts: %v %+v", err, mine)
			}
			if theirs, _ := tx.OpenAlerts(ctx, other.ID); len(theirs) != 0 {
				t.Errorf("another practitioner's alerts: %+v", theirs)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
