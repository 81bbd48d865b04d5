package supervision_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/supervision"
)

// The log fills itself from reviewed cycles and logged sessions, splits
// them at each stage's review, and follows stage rules an administrator
// changes; the supervisor's supervisor and the admin see the team, another
// supervisor sees nothing.
func TestAccreditationLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := 1; i <= 2; i++ {
				if err := tx.CreateCycle(ctx, &domain.Cycle{ID: "y" + string(rune('0'+i)), CaseID: w.caseID, Number: i, Status: domain.CycleReviewed}); err != nil {
					return err
				}
			}
			return tx.LinkSupervisor(ctx, "otto", "sue", "ada") // otto supervises the supervisor
		})
		if err != nil {
			t.Fatal(err)
		}
		today := time.Now().Format(time.DateOnly)
		bad := supervision.SessionInput{TraineeID: "tina", HeldOn: "yesterday", Minutes: 60, Mode: domain.SupervisionInPerson}
		if _, err := w.svc.RecordSession(ctx, w.sup, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a session without a date: %v", err)
		}
		in := supervision.SessionInput{TraineeID: "tina", HeldOn: today, Minutes: 90, Mode: domain.SupervisionVideoCall, LearningPoints: "Wait longer"}
		if _, err := w.svc.RecordSession(ctx, w.other, in); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a session by someone who isn't the trainee's supervisor: %v", err)
		}
		if _, err := w.svc.RecordSession(ctx, w.sup, in); err != nil {
			t.Fatal(err)
		}
		l, err := w.svc.Log(ctx, w.trainee, "tina")
		if err != nil {
			t.Fatal(err)
		}
		cur := l.Current()
		if cur == nil || cur.Rule.Number != 1 || cur.Cycles != 2 || cur.NewFamilies != 1 || cur.Minutes != 90 || cur.Met {
			t.Fatalf("stage 1 so far: %+v", cur)
		}
		if tl, err := w.svc.Timeline(ctx, w.trainee); err != nil || len(tl) != 1 || tl[0].LearningPoints != "Wait longer" {
			t.Errorf("timeline: %+v %v", tl, err)
		}
		// A service with a smaller first stage: the same work now meets it.
		stages := []domain.AccreditationStage{{Number: 1, Name: "Foundation", Cycles: 2, NewFamilies: 1, SupervisionHours: 1}, {Number: 2, Name: "Practice", Cycles: 4, NewFamilies: 2, SupervisionHours: 4}}
		if err := w.svc.SetStages(ctx, w.sup, stages); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("a supervisor editing the stages: %v", err)
		}
		if err := w.svc.SetStages(ctx, w.admin, []domain.AccreditationStage{{Number: 2, Name: "x"}}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("stages numbered from 2: %v", err)
		}
		if err := w.svc.SetStages(ctx, w.admin, stages); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddMeeting(ctx, w.sup, supervision.MeetingInput{TraineeID: "tina", Stage: 1, Kind: domain.MeetingTransition, HeldOn: today, Reviewer: "Dr External"}); err != nil {
			t.Fatal(err)
		}
		l, err = w.svc.Log(ctx, w.sup, "tina")
		if err != nil || !l.Stages[0].Met || l.Stages[0].Reviewed == nil || !l.Stages[1].Current || l.Stages[0].Rule.Name != "Foundation" {
			t.Fatalf("after the stage 1 review: %+v %v", l, err)
		}
		if _, err := w.svc.Log(ctx, w.other, "tina"); err != nil {
			t.Errorf("the supervisor's supervisor reading the log: %v", err)
		}
		team, err := w.svc.Team(ctx, w.other)
		if err != nil || len(team.Members) != 2 || team.TotalCycles != 2 || team.TotalMinutes != 90 {
			t.Errorf("the team below the supervisor's supervisor: %+v %v", team, err)
		}
		pdf, err := w.svc.Portfolio(ctx, w.sup, "tina")
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("the portfolio summary: %d bytes, %v", len(pdf), err)
		}
		if _, err := w.svc.Portfolio(ctx, w.admin, "sue"); err != nil {
			t.Errorf("the service lead's portfolio of a supervisor: %v", err)
		}
		if _, err := w.svc.Team(ctx, w.trainee); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("a practitioner's team view: %v", err)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { _, err := tx.UnlinkSupervisor(ctx, "otto", "sue"); return err }); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Log(ctx, w.other, "tina"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("an unrelated supervisor reading the log: %v", err)
		}
	})
}

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{"Ann Marie Lee": "A. M. L.", "  zoë ": "Z.", "": "", "Ann (mum)": "A."} {
		if got := supervision.Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}
