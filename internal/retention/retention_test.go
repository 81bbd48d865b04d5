package retention_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/retention"
	"github.com/attune-vig/attune/internal/store"
)

// world is a closed case with footage, and the clock the rules run on.
type world struct {
	in    *apptest.Instance
	svc   retention.Service
	now   time.Time
	owner accounts.Actor
	admin accounts.Actor
}

var closedAt = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func newWorld(t *testing.T, in *apptest.Instance) *world {
	u, _ := in.User(t, "owner@example.org", domain.RolePractitioner, false)
	adm, _ := in.User(t, "admin@example.org", domain.RoleAdmin, false)
	w := &world{in: in, owner: accounts.Actor{User: u}, admin: accounts.Actor{User: adm}}
	w.svc = *in.Deps.Retention
	w.svc.Now = func() time.Time { return w.now }
	return w
}

// closedCase makes a case with a child born on birth and one recording,
// closed at closedAt.
func (w *world) closedCase(t *testing.T, ref, birth string) (string, string) {
	ctx := context.Background()
	in := casework.Input{Reference: ref}
	if birth != "" {
		in.Participants = []domain.Participant{{Role: "child", Name: "Kim", BirthDate: birth}}
	}
	c, err := w.in.Deps.Cases.Create(ctx, w.owner, in)
	if err != nil {
		t.Fatal(err)
	}
	rec := w.in.ReadyRecording(t, w.owner, c.ID)
	err = w.in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		cs, err := tx.CaseByID(ctx, c.ID)
		if err != nil {
			return err
		}
		cs.Status, cs.ClosedAt = "closed", &closedAt
		return tx.UpdateCase(ctx, cs)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID, rec.ID
}

func (w *world) exists(t *testing.T, recID string) bool {
	var err error
	w.in.Deps.DB.View(context.Background(), func(tx *store.Tx) error { _, err = tx.RecordingByID(context.Background(), recID); return nil })
	if err != nil && !store.IsNotFound(err) {
		t.Fatal(err)
	}
	return err == nil
}

func (w *world) apply(t *testing.T, at time.Time) retention.Applied {
	t.Helper()
	w.now = at
	done, err := w.svc.Apply(context.Background())
	if err != nil {
		t.Fatalf("Apply at %s: %v", at, err)
	}
	return done
}

// TestFootageGoesExactlyWhenTheRuleSays: 60 days after closing, not a
// minute before; a legal hold keeps it until released; the case record goes
// at the youngest child's 25th birthday; what was erased is audited without
// content and listed for old backups.
func TestFootageGoesExactlyWhenTheRuleSays(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		w := newWorld(t, in)
		caseA, recA := w.closedCase(t, "A-1", "2020-06-15")
		caseB, recB := w.closedCase(t, "B-1", "2021-01-01")
		if err := w.svc.Hold(ctx, w.admin, caseB, "Court order 123"); err != nil {
			t.Fatal(err)
		}
		due := closedAt.AddDate(0, 0, 60)
		if done := w.apply(t, due.Add(-time.Minute)); done.Recordings != 0 || !w.exists(t, recA) {
			t.Fatalf("footage erased before its day: %+v", done)
		}
		done := w.apply(t, due)
		if done.Recordings != 1 || w.exists(t, recA) || !w.exists(t, recB) || done.Held < 1 {
			t.Fatalf("at the due instant: %+v; A there %v, held B there %v", done, w.exists(t, recA), w.exists(t, recB))
		}
		if keys, _ := in.Deps.Blobs.List(ctx, "rec/"+recA+"/"); len(keys) != 0 {
			t.Fatalf("erased footage left %d files", len(keys))
		}
		if !in.Deps.Shreds.Has("recording", recA) || len(in.Deps.Shreds.Values("key")) < 6 {
			t.Fatal("the erasure is not on the shred list, so an old backup could bring it back")
		}
		checkAudit(t, in, caseA, "retention.erase", "60 days")

		if err := w.svc.Release(ctx, w.admin, caseB); err != nil {
			t.Fatal(err)
		}
		if done := w.apply(t, due.Add(time.Hour)); done.Recordings != 1 || w.exists(t, recB) {
			t.Fatalf("after the hold is released: %+v", done)
		}

		birthday := time.Date(2045, 6, 15, 0, 0, 0, 0, time.UTC)
		if done := w.apply(t, birthday.Add(-time.Second)); done.Cases != 0 {
			t.Fatalf("case record erased before the 25th birthday: %+v", done)
		}
		if done := w.apply(t, birthday); done.Cases != 1 {
			t.Fatalf("case record not erased on the 25th birthday: %+v", done)
		}
		in.Deps.DB.View(ctx, func(tx *store.Tx) error {
			if _, err := tx.CaseByID(ctx, caseA); !store.IsNotFound(err) {
				t.Fatalf("case A still there: %v", err)
			}
			if _, err := tx.CaseByID(ctx, caseB); err != nil {
				t.Fatalf("case B (child born 2021) erased too early: %v", err)
			}
			return nil
		})
		if r, err := in.Deps.Chain.Verify(ctx, in.Deps.DB); err != nil || !r.Intact() {
			t.Fatalf("audit chain after erasures: %+v %v", r, err)
		}
	})
}

func checkAudit(t *testing.T, in *apptest.Instance, caseID, action, want string) {
	t.Helper()
	ctx := context.Background()
	var es []domain.AuditEntry
	in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) {
		es, err = tx.AuditEntries(ctx, store.AuditFilter{CaseID: caseID, Action: action})
		return err
	})
	if len(es) == 0 || !strings.Contains(es[0].Detail, want) || strings.Contains(es[0].Detail, "Kim") {
		t.Fatalf("audit of the erasure: %+v", es)
	}
}

// TestDryRunAndRules: the dry run lists what will go and when, changing
// nothing; only administrators see it or change the rules; bad rules are refused.
func TestDryRunAndRules(t *testing.T) {
	in := apptest.Start(t, "")
	ctx := context.Background()
	w := newWorld(t, in)
	_, rec := w.closedCase(t, "A-1", "")
	w.now = closedAt
	if _, err := w.svc.DryRun(ctx, w.owner); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("a practitioner ran the dry run: %v", err)
	}
	if err := w.svc.SetRules(ctx, w.admin, domain.RetentionRules{FootageDays: -1, RecordsAge: 25, RecordsYears: 8, AuditYears: 8}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("negative days accepted: %v", err)
	}
	if err := w.svc.SetRules(ctx, w.admin, domain.RetentionRules{FootageDays: 30, RecordsAge: 25, RecordsYears: 8, AuditYears: 8}); err != nil {
		t.Fatal(err)
	}
	rep, err := w.svc.DryRun(ctx, w.admin)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Items) != 2 || rep.Items[0].RecordingID != rec || !rep.Items[0].Due.Equal(closedAt.AddDate(0, 0, 30)) ||
		!rep.Items[1].Due.Equal(closedAt.AddDate(8, 0, 0)) || len(rep.Due()) != 0 {
		t.Fatalf("dry run: %+v", rep.Items)
	}
	if !w.exists(t, rec) {
		t.Fatal("the dry run erased something")
	}
}

// TestEraseFamily: an erasure request removes the case and its footage now;
// another practitioner cannot make it, a legal hold refuses it.
func TestEraseFamily(t *testing.T) {
	in := apptest.Start(t, "")
	ctx := context.Background()
	w := newWorld(t, in)
	caseID, rec := w.closedCase(t, "E-1", "2020-02-02")
	other, _ := in.User(t, "other@example.org", domain.RolePractitioner, false)
	if err := w.svc.EraseFamily(ctx, accounts.Actor{User: other}, caseID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("another practitioner's erasure: %v, want not found", err)
	}
	w.svc.Hold(ctx, w.admin, caseID, "Inquiry")
	if err := w.svc.EraseFamily(ctx, w.owner, caseID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("erasure under a hold: %v", err)
	}
	w.svc.Release(ctx, w.admin, caseID)
	if err := w.svc.EraseFamily(ctx, w.owner, caseID); err != nil {
		t.Fatal(err)
	}
	if w.exists(t, rec) || !in.Deps.Shreds.Has("case", caseID) {
		t.Fatal("erasure left the footage, or is not on the shred list")
	}
	checkAudit(t, in, caseID, "erasure.request", "family's request")
}
