package supervision_test

import (
	"context"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/supervision"
)

var ctx = context.Background()

type world struct {
	db                    *store.DB
	svc                   *supervision.Service
	trainee, sup, other   accounts.Actor
	admin                 accounts.Actor
	caseID, recID, consID string
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	recs := &recordings.Service{DB: db, Consent: lifecycle.ConsentRules{}}
	w := &world{db: db, svc: supervision.New(recs, &films.Service{DB: db}), caseID: "c1", recID: "r1", consID: "k1"}
	mk := func(id string, role domain.Role) accounts.Actor {
		u := &domain.User{ID: id, Email: id + "@example.org", Name: "Person " + id, Role: role}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		return accounts.Actor{User: u}
	}
	w.trainee, w.sup, w.other, w.admin = mk("tina", domain.RolePractitioner), mk("sue", domain.RoleSupervisor),
		mk("otto", domain.RoleSupervisor), mk("ada", domain.RoleAdmin)
	err := db.Update(ctx, func(tx *store.Tx) error {
		c := &domain.Case{ID: w.caseID, OwnerID: "tina", Reference: "VIG-7", Status: domain.CaseOpen,
			Participants: []domain.Participant{{ID: "p1", Role: domain.ParticipantAdult, Name: "Ann Lee", Relation: "mother"}}}
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		if err := tx.CreateConsent(ctx, &domain.Consent{ID: w.consID, CaseID: w.caseID, Purposes: []string{domain.PurposeFilming, domain.PurposeSupervision},
			GivenBy: "Ann", Signature: "Ann", WordingVersion: "1", RecordedBy: "tina"}); err != nil {
			return err
		}
		return tx.CreateRecording(ctx, &domain.Recording{ID: w.recID, CaseID: w.caseID, UploaderID: "tina", Filename: "review.mp4",
			Status: domain.RecordingReady, SchemeID: "default", FPS: 25, FrameCount: 100})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Link(ctx, w.admin, "sue", "tina"); err != nil {
		t.Fatal(err)
	}
	return w
}

// A trainee shares a review video with their supervisor, who sees it with
// the case's initials only; another supervisor sees nothing; the supervisor
// comments at a frame and the trainee answers; withdrawing the family's
// consent to supervision ends the share for the supervisor at once.
func TestShareCommentAndConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		_, err := w.svc.Share(ctx, w.trainee, supervision.ShareInput{Kind: domain.MaterialReview, MaterialID: w.recID, SupervisorID: "sue"})
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("sharing an unmarked recording as a review video: %v, want invalid", err)
		}
		if err := w.svc.MarkReview(ctx, w.trainee, w.recID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Share(ctx, w.trainee, supervision.ShareInput{Kind: domain.MaterialReview, MaterialID: w.recID, SupervisorID: "otto"}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("sharing with someone who doesn't supervise the trainee: %v, want invalid", err)
		}
		m, err := w.svc.Share(ctx, w.trainee, supervision.ShareInput{Kind: domain.MaterialReview, MaterialID: w.recID, SupervisorID: "sue"})
		if err != nil {
			t.Fatal(err)
		}
		mat, err := w.svc.Material(ctx, w.sup, m.ID)
		if err != nil || mat.Role != supervision.AsSupervisor || mat.Case.Reference != "VIG-7" || len(mat.Case.Names) != 1 || mat.Case.Names[0] != "A. L." {
			t.Fatalf("the supervisor's view: %+v %v", mat, err)
		}
		if err := w.svc.SetFullNames(ctx, w.sup, true); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("a supervisor turning on full names: %v", err)
		}
		if err := w.svc.SetFullNames(ctx, w.admin, true); err != nil {
			t.Fatal(err)
		}
		if mat, err := w.svc.Material(ctx, w.sup, m.ID); err != nil || mat.Case.Names[0] != "Ann Lee" {
			t.Errorf("with full names on the supervisor sees %+v %v", mat.Case, err)
		}
		for _, who := range []accounts.Actor{w.other, w.admin} {
			if _, err := w.svc.Material(ctx, who, m.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("%s sees the shared material: %v", who.ID(), err)
			}
		}
		if _, err := w.svc.Comment(ctx, w.trainee, m.ID, supervision.CommentInput{Frame: 3, Body: "first"}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a trainee starting a thread: %v, want invalid", err)
		}
		if _, err := w.svc.Comment(ctx, w.sup, m.ID, supervision.CommentInput{Frame: 100, Body: "past the end"}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a comment after the last frame (99): %v", err)
		}
		c, err := w.svc.Comment(ctx, w.sup, m.ID, supervision.CommentInput{Frame: 42, Body: "You waited here", Discuss: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Comment(ctx, w.trainee, m.ID, supervision.CommentInput{ParentID: c.ID, Body: "I felt it too"}); err != nil {
			t.Fatal(err)
		}
		cs, err := w.svc.Comments(ctx, w.trainee, m.ID)
		if err != nil || len(cs) != 2 || cs[1].Frame != 42 || cs[1].ParentID != c.ID || !cs[0].Discuss {
			t.Fatalf("comments: %+v %v", cs, err)
		}
		if _, err := w.svc.Comments(ctx, w.other, m.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another supervisor reads the comments: %v", err)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { _, err := tx.WithdrawConsent(ctx, w.consID, "tina"); return err }); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Material(ctx, w.sup, m.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("after consent is withdrawn the supervisor still sees the material: %v", err)
		}
		if _, err := w.svc.OpenVideo(ctx, w.sup, m.ID, false); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("after consent is withdrawn the supervisor still opens the video: %v", err)
		}
		if _, withMe, err := w.svc.Shares(ctx, w.sup); err != nil || len(withMe) != 0 {
			t.Errorf("after consent is withdrawn the supervisor's list: %d %v", len(withMe), err)
		}
		if mine, _, err := w.svc.Shares(ctx, w.trainee); err != nil || len(mine) != 1 || !mine[0].NoConsent {
			t.Errorf("after consent is withdrawn the trainee's list doesn't say the share ended: %+v %v", mine, err)
		}
		if _, err := w.svc.Share(ctx, w.trainee, supervision.ShareInput{Kind: domain.MaterialRecording, MaterialID: w.recID, SupervisorID: "sue"}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("sharing without consent: %v, want forbidden", err)
		}
	})
}

// An expired or withdrawn share ends for the supervisor; the trainee keeps
// the history; only the trainee withdraws.
func TestShareEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		past := time.Now().Add(-time.Hour)
		if _, err := w.svc.Share(ctx, w.trainee, supervision.ShareInput{Kind: domain.MaterialRecording, MaterialID: w.recID, SupervisorID: "sue", ExpiresAt: &past}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("an end date in the past: %v", err)
		}
		m, err := w.svc.Share(ctx, w.trainee, supervision.ShareInput{Kind: domain.MaterialRecording, MaterialID: w.recID, SupervisorID: "sue"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Withdraw(ctx, w.sup, m.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("the supervisor withdrawing: %v", err)
		}
		if err := w.svc.Withdraw(ctx, w.trainee, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Material(ctx, w.sup, m.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a withdrawn share still shows: %v", err)
		}
		if mat, err := w.svc.Material(ctx, w.trainee, m.ID); err != nil || mat.Share.WithdrawnAt == nil {
			t.Errorf("the trainee's history: %+v %v", mat, err)
		}
		if err := w.svc.Withdraw(ctx, w.trainee, m.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("withdrawing twice: %v", err)
		}
	})
}
