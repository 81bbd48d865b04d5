package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/backup"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/supervision"
)

// marker is a word found nowhere but in the field it was written to.
func marker(field string) string { return "Qwzx" + field + "Vyk" }

// TestNoFamilyTextAtRest writes a unique marker into every field of family
// or case text, through the services the API and the pages call, overwrites
// two of them (an annotation's note and a questionnaire answer), and then
// finds no marker, old or new, in the database (SQLite: the file and its
// WAL; PostgreSQL: every text column), nor in the decrypted `attune backup`.
func TestNoFamilyTextAtRest(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		url := ""
		if in.Deps.DB.Dialect() == store.Postgres {
			url = in.Deps.Cfg.DatabaseURL
		}
		markers := writeMarkers(t, in)
		dir := filepath.Join(t.TempDir(), "backup")
		if out, code := cli(t, append([]string{"backup", dir}, storageOf(in.Deps.Cfg.Data, url)...)...); code != 0 {
			t.Fatalf("backup exited %d: %s", code, out)
		}
		for where, raw := range atRest(t, in, dir) {
			if !bytes.Contains(raw, []byte("MARK-REF")) {
				t.Fatalf("%s: the test reads the wrong bytes, the case reference is not in them", where)
			}
			for _, m := range markers {
				if bytes.Contains(raw, []byte(m)) {
					t.Errorf("%s holds %s in the clear", where, m)
				}
			}
		}
	})
}

// atRest is what a copy of the database and the decrypted backup hold.
func atRest(t *testing.T, in *apptest.Instance, dir string) map[string][]byte {
	ctx := context.Background()
	m, err := backup.ReadManifest(dir, in.Deps.Keys)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	if in.Deps.DB.Dialect() == store.SQLite {
		path := filepath.Join(t.TempDir(), "restored.db")
		if err := backup.RestoreSQLiteFile(ctx, dir, m, in.Deps.Keys, path); err != nil {
			t.Fatal(err)
		}
		out["backup"] = readAll(t, path)
		out["database file and WAL"] = readAll(t, filepath.Join(in.Deps.Cfg.Data, "attune.db"), filepath.Join(in.Deps.Cfg.Data, "attune.db-wal"))
		return out
	}
	restored := storetest.Postgres(t) // the backup's rows, restored into an empty database
	if err := backup.RestoreRows(ctx, dir, m, in.Deps.Keys, restored); err != nil {
		t.Fatal(err)
	}
	out["backup"] = dumpText(t, restored)
	out["database"] = dumpText(t, in.Deps.DB)
	return out
}

func readAll(t *testing.T, paths ...string) []byte {
	var raw []byte
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil && i == 0 {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	return raw
}

// dumpText is every text value of every table, as a reader of the database would see them.
func dumpText(t *testing.T, db *store.DB) []byte {
	b, err := db.DumpText(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeMarkers fills every family-text field with its marker and returns
// the markers (the overwritten ones too).
func writeMarkers(t *testing.T, in *apptest.Instance) []string {
	ctx := context.Background()
	var markers []string
	m := func(field string) string { markers = append(markers, marker(field)); return marker(field) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	u, _ := in.User(t, "guide@example.org", domain.RolePractitioner, false)
	sup, _ := in.User(t, "sup@example.org", domain.RoleSupervisor, false)
	adm, _ := in.User(t, "admin@example.org", domain.RoleAdmin, false)
	a, supA, admA := accounts.Actor{User: u}, accounts.Actor{User: sup}, accounts.Actor{User: adm}
	c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "MARK-REF", Focus: m("Focus"),
		Participants: []domain.Participant{{Role: "adult", Name: m("Participant"), Relation: m("Relation")}}})
	must(err)
	must(in.Deps.Lifecycle.PutNote(ctx, a, c.ID, domain.NoteChild, m("CaseNote")))
	_, err = in.Deps.Lifecycle.RecordConsent(ctx, a, c.ID, lifecycle.ConsentInput{Purposes: []string{domain.PurposeFilming, domain.PurposeSupervision},
		GivenBy: m("GivenBy"), Signature: m("Signature"), WordingVersion: "1"})
	must(err)
	_, err = in.Deps.Lifecycle.AddGoal(ctx, a, c.ID, lifecycle.GoalInput{HelpingQuestion: m("HelpingQuestion"), Now: 2, Hoped: 8})
	must(err)
	_, err = in.Deps.Lifecycle.Schedule(ctx, a, c.ID, lifecycle.SessionInput{Kind: "filming", StartsAt: time.Now().Add(48 * time.Hour), Place: "home"})
	must(err)
	_, err = in.Deps.Recordings.Create(ctx, a, c.ID, m("Filename")+".mp4", 4096)
	must(err)
	rec := in.ReadyRecording(t, a, c.ID).ID
	ids := map[string]string{"recording": rec}
	analysisWorld(t, in, a, ids) // frames, so notes and clips can be made
	writeAnalysisMarkers(t, in, a, rec, m)
	writeFilmMarkers(t, in, a, c.ID, ids["clip"], m)
	inv, err := in.Deps.Family.Invite(ctx, a, c.ID, family.InviteInput{Name: m("MemberName"), Email: strings.ToLower(m("email")) + "@example.org"})
	must(err)
	markers = append(markers, strings.ToLower(marker("email")))
	req := &domain.FamilyRequest{ID: "req-mark", CaseID: c.ID, MemberID: inv.Member.ID, Kind: domain.RequestData, Note: m("RequestNote")}
	must(in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateFamilyRequest(ctx, req) }))
	svc := supervision.New(in.Deps.Recordings, in.Deps.Films)
	must(svc.Link(ctx, admA, sup.ID, u.ID))
	share, err := svc.Share(ctx, a, supervision.ShareInput{Kind: domain.MaterialRecording, MaterialID: rec, SupervisorID: sup.ID, Note: m("ShareNote")})
	must(err)
	_, err = svc.Comment(ctx, supA, share.ID, supervision.CommentInput{Frame: 2, Body: m("FrameComment")})
	must(err)
	_, err = svc.RecordSession(ctx, supA, supervision.SessionInput{TraineeID: u.ID, HeldOn: time.Now().Format("2006-01-02"), Minutes: 60,
		Mode: domain.SupervisionInPerson, ShareIDs: []string{share.ID}, LearningPoints: m("LearningPoints")})
	must(err)
	writeAnswerMarkers(t, in, a, c.ID, m)
	return markers
}

func writeAnalysisMarkers(t *testing.T, in *apptest.Instance, a accounts.Actor, rec string, m func(string) string) {
	ctx := context.Background()
	svc := in.Deps.Analysis
	frame, end, code := 2, 5, "guiding"
	noteA, noteB := m("AnnotationNoteBefore"), m("AnnotationNoteAfter")
	an, err := svc.CreateAnnotation(ctx, a, rec, analysis.AnnotationInput{StartFrame: &frame, Code: &code, Note: &noteA})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.UpdateAnnotation(ctx, a, an.ID, analysis.AnnotationInput{Note: &noteB, Version: &an.Version}); err != nil {
		t.Fatal(err)
	}
	title, caption := m("ClipTitle"), m("ClipCaption")
	if _, err := svc.CreateClip(ctx, a, rec, analysis.ClipInput{StartFrame: &frame, EndFrame: &end, Title: &title, Caption: &caption}); err != nil {
		t.Fatal(err)
	}
	st := &domain.Still{ID: "still-mark", RecordingID: rec, Frame: 1, Caption: m("StillCaption"), Status: domain.StillReady, CreatedBy: a.ID()}
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateStill(ctx, st) }); err != nil {
		t.Fatal(err)
	}
}

func writeFilmMarkers(t *testing.T, in *apptest.Instance, a accounts.Actor, caseID, clipID string, m func(string) string) {
	ctx := context.Background()
	title := m("FilmTitle")
	f, err := in.Deps.Films.Create(ctx, a, caseID, films.Input{Title: &title, Items: &[]films.ItemInput{
		{Kind: domain.ItemTitle, Text: m("TitleCard")}, {Kind: domain.ItemClip, ClipID: clipID, Caption: m("ItemCaption")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Deps.Films.SetWords(ctx, a, f.ID, f.Items[0].ID, m("ParentWords")); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Deps.Films.SetNextSteps(ctx, a, f.ID, m("NextSteps")); err != nil {
		t.Fatal(err)
	}
}

// writeAnswerMarkers saves a free-text answer and overwrites it.
func writeAnswerMarkers(t *testing.T, in *apptest.Instance, a accounts.Actor, caseID string, m func(string) string) {
	ctx := context.Background()
	lib, err := in.Deps.Questionnaires.Instruments(ctx, a)
	if err != nil || len(lib) == 0 {
		t.Fatalf("instruments: %v", err)
	}
	as, _, err := in.Deps.Questionnaires.Assign(ctx, a, caseID, questionnaires.AssignInput{InstrumentID: lib[0].ID, Point: domain.PointBaseline})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{m("AnswerBefore"), m("AnswerAfter")} {
		if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.SaveAnswer(ctx, as.ID, "free-text", v) }); err != nil {
			t.Fatal(err)
		}
	}
	var got map[string]string
	in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) { got, err = tx.Answers(ctx, as.ID); return err })
	if got["free-text"] != marker("AnswerAfter") {
		t.Fatalf("the answer reads back as %q", got["free-text"])
	}
}
