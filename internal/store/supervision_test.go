package store_test

import (
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Supervision rows round-trip on both engines: relations, shares (withdrawn
// once only), threaded frame comments, sessions with what they discussed,
// stage rules (seeded with the three-stage scheme), meetings, and the
// reviewed cycles that fill the log.
func TestSupervisionStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tr := mustUser(t, db, "tina@example.org", domain.RolePractitioner)
		sup := mustUser(t, db, "sue@example.org", domain.RoleSupervisor)
		c := mustCase(t, db, "c1", tr.ID)
		exp := time.Now().Add(time.Hour)
		m := &domain.MaterialShare{ID: "m1", CaseID: c.ID, Kind: domain.MaterialFilm, MaterialID: "f1", TraineeID: tr.ID, SupervisorID: sup.ID, ExpiresAt: &exp}
		var again, withdrawn bool
		err := db.Update(ctx, func(tx *store.Tx) (err error) {
			if err = tx.LinkSupervisor(ctx, sup.ID, tr.ID, "admin"); err != nil {
				return err
			}
			if err = tx.LinkSupervisor(ctx, sup.ID, tr.ID, "admin"); err != nil {
				return err
			}
			if err = tx.CreateMaterialShare(ctx, m); err != nil {
				return err
			}
			if err = tx.AddFrameComment(ctx, &domain.FrameComment{ID: "k1", ShareID: m.ID, Frame: 42, Body: "Lovely wait", Discuss: true, AuthorID: sup.ID}); err != nil {
				return err
			}
			if err = tx.AddFrameComment(ctx, &domain.FrameComment{ID: "k2", ShareID: m.ID, ParentID: "k1", Frame: 42, Body: "Thanks", AuthorID: tr.ID}); err != nil {
				return err
			}
			if err = tx.CreateSupervisionSession(ctx, &domain.SupervisionSession{ID: "s1", SupervisorID: sup.ID, TraineeID: tr.ID, HeldOn: "2026-11-20",
				Minutes: 60, Mode: domain.SupervisionVideoCall, CaseIDs: []string{c.ID}, ShareIDs: []string{m.ID}, RecordedBy: sup.ID}); err != nil {
				return err
			}
			if err = tx.CreateCycle(ctx, &domain.Cycle{ID: "y1", CaseID: c.ID, Number: 1, Status: domain.CycleReviewed}); err != nil {
				return err
			}
			if withdrawn, err = tx.WithdrawMaterialShare(ctx, m.ID, tr.ID); err != nil {
				return err
			}
			again, err = tx.WithdrawMaterialShare(ctx, m.ID, tr.ID)
			return err
		})
		if err != nil || !withdrawn || again {
			t.Fatalf("write: withdrawn %v, withdrawn again %v, err %v", withdrawn, again, err)
		}
		err = db.View(ctx, func(tx *store.Tx) error {
			links, err := tx.TraineesOf(ctx, sup.ID)
			if err != nil || len(links) != 1 || links[0].TraineeName != tr.Name {
				t.Errorf("trainees of the supervisor: %+v %v", links, err)
			}
			got, err := tx.MaterialShareByID(ctx, m.ID)
			if err != nil || got.WithdrawnAt == nil || got.ExpiresAt == nil || got.Live(time.Now()) || got.SupervisorName != sup.Name {
				t.Errorf("share: %+v %v", got, err)
			}
			cs, err := tx.FrameComments(ctx, m.ID)
			if err != nil || len(cs) != 2 || !cs[0].Discuss || cs[1].ParentID != "k1" || cs[1].AuthorName != tr.Name {
				t.Errorf("comments: %+v %v", cs, err)
			}
			ss, err := tx.SupervisionSessionsOf(ctx, tr.ID)
			if err != nil || len(ss) != 1 || ss[0].Minutes != 60 || len(ss[0].CaseIDs) != 1 || len(ss[0].ShareIDs) != 1 {
				t.Errorf("sessions: %+v %v", ss, err)
			}
			st, err := tx.AccreditationStages(ctx)
			if err != nil || len(st) != 3 || st[0].Cycles != 6 || st[1].NewFamilies != 3 || st[2].SupervisionHours != 8 || !st[2].Final {
				t.Errorf("default stages: %+v %v", st, err)
			}
			rc, err := tx.ReviewedCycles(ctx, tr.ID)
			if err != nil || len(rc) != 1 || rc[0].Reference != c.Reference {
				t.Errorf("reviewed cycles: %+v %v", rc, err)
			}
			g, err := tx.SchemeByID(ctx, "guider")
			if err != nil || g.Name != "Guider's attunement" || len(g.Codes) != 6 {
				t.Errorf("guider's scheme: %+v %v", g, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		meet := &domain.AccreditationMeeting{ID: "a1", TraineeID: tr.ID, Stage: 1, Kind: domain.MeetingTransition, HeldOn: "2026-11-21", Reviewer: "Dr External", RecordedBy: sup.ID}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.AddAccreditationMeeting(ctx, meet) }); err != nil {
			t.Fatal(err)
		}
		meet.ID = "a2"
		err = db.Update(ctx, func(tx *store.Tx) error { return tx.AddAccreditationMeeting(ctx, meet) })
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a second stage 1 review: %v, want a conflict", err)
		}
	})
}
