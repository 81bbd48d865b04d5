package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/backup"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// marker is a word found nowhere but in the field it was written to.
func marker(field string) string { return "Qwzx" + field + "Vyk" }

// TestNoFamilyTextAtRest writes a unique marker into every field of family
// or case text, through the JSON API (the portal's fields through the
// services its pages call), overwrites
// two of them (an annotation's note and a questionnaire answer), and then
// finds no marker, old or new, in the database (SQLite: the file and its
// WAL; PostgreSQL: every text column), nor in the decrypted `attune backup`.
func TestNoFamilyTextAtRest(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		url := ""
		if in.Deps.DB.Dialect() == store.Postgres {
			url = in.Deps.Cfg.DatabaseURL
		}
		markers := writeMarkers(t, in)
		cols, err := in.Deps.DB.TextColumns(context.Background()) // a running attune's: with the job queue's tables
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cols {
			if _, _, ok := store.ColumnRule(c.Table, c.Name); !ok {
				t.Errorf("%s.%s is neither sealed nor allowed in the clear (internal/store/sealed_columns.go)", c.Table, c.Name)
			}
		}
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

// writeMarkers fills every family-text field with its marker, through the
// JSON API where it has the field (the family portal's invitation,
// requests and answers through the services those pages call), and
// returns the markers (the overwritten ones too).
func writeMarkers(t *testing.T, in *apptest.Instance) []string {
	ctx := context.Background()
	var markers []string
	m := func(field string) string { markers = append(markers, marker(field)); return marker(field) }
	u, _ := in.User(t, "guide@example.org", domain.RolePractitioner, false)
	sup, _ := in.User(t, "sup@example.org", domain.RoleSupervisor, false)
	in.User(t, "admin@example.org", domain.RoleAdmin, false)
	g, s, adm := in.Token(t, "guide@example.org"), in.Token(t, "sup@example.org"), in.Token(t, "admin@example.org")
	a := accounts.Actor{User: u}
	c := apiCall(t, in, g, "POST", "/api/v1/cases", map[string]any{"reference": "MARK-REF", "focus": m("Focus"),
		"participants": []map[string]any{{"role": "adult", "name": m("Participant"), "relation": m("Relation")}}})
	caseID := c["id"].(string)
	apiCall(t, in, g, "PUT", "/api/v1/cases/"+caseID+"/notes/"+domain.NoteChild, map[string]any{"body": m("CaseNote")})
	apiCall(t, in, g, "POST", "/api/v1/cases/"+caseID+"/consents", map[string]any{"purposes": []string{domain.PurposeFilming, domain.PurposeSupervision},
		"given_by": m("GivenBy"), "signature": m("Signature"), "wording_version": "1"})
	apiCall(t, in, g, "POST", "/api/v1/cases/"+caseID+"/goals", map[string]any{"helping_question": m("HelpingQuestion"), "now": 2, "hoped": 8})
	apiCall(t, in, g, "POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": m("Filename") + ".mp4", "size": 4096})
	rec := in.ReadyRecording(t, a, caseID).ID
	ids := map[string]string{"recording": rec}
	analysisWorld(t, in, a, ids) // frames, so notes and clips can be made
	writeAnalysisMarkers(t, in, g, rec, m)
	writeFilmMarkers(t, in, g, caseID, ids["clip"], m)
	inv, err := in.Deps.Family.Invite(ctx, a, caseID, family.InviteInput{Name: m("MemberName"), Email: strings.ToLower(m("email")) + "@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	markers = append(markers, strings.ToLower(marker("email")))
	req := &domain.FamilyRequest{ID: "req-mark", CaseID: caseID, MemberID: inv.Member.ID, Kind: domain.RequestData, Note: m("RequestNote")}
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateFamilyRequest(ctx, req) }); err != nil {
		t.Fatal(err)
	}
	apiCall(t, in, adm, "POST", "/api/v1/supervision/links", map[string]any{"supervisor_id": sup.ID, "trainee_id": u.ID})
	share := apiCall(t, in, g, "POST", "/api/v1/supervision/shares", map[string]any{"kind": domain.MaterialRecording, "material_id": rec,
		"supervisor_id": sup.ID, "note": m("ShareNote")})
	shareID := share["id"].(string)
	apiCall(t, in, s, "POST", "/api/v1/supervision/shares/"+shareID+"/comments", map[string]any{"frame": 2, "body": m("FrameComment")})
	apiCall(t, in, s, "POST", "/api/v1/supervision/sessions", map[string]any{"trainee_id": u.ID, "held_on": time.Now().Format("2006-01-02"),
		"minutes": 60, "mode": domain.SupervisionInPerson, "share_ids": []string{shareID}, "learning_points": m("LearningPoints")})
	writeAnswerMarkers(t, in, a, caseID, m)
	return markers
}

func writeAnalysisMarkers(t *testing.T, in *apptest.Instance, token, rec string, m func(string) string) {
	an := apiCall(t, in, token, "POST", "/api/v1/recordings/"+rec+"/annotations", map[string]any{"start_frame": 2, "code": "guiding",
		"note": m("AnnotationNoteBefore")})
	apiCall(t, in, token, "PATCH", "/api/v1/annotations/"+an["id"].(string), map[string]any{"note": m("AnnotationNoteAfter"), "version": an["version"]})
	apiCall(t, in, token, "POST", "/api/v1/recordings/"+rec+"/clips", map[string]any{"start_frame": 2, "end_frame": 5,
		"title": m("ClipTitle"), "caption": m("ClipCaption")})
	apiCall(t, in, token, "POST", "/api/v1/recordings/"+rec+"/stills", map[string]any{"frame": 1, "caption": m("StillCaption")})
}

func writeFilmMarkers(t *testing.T, in *apptest.Instance, token, caseID, clipID string, m func(string) string) {
	f := apiCall(t, in, token, "POST", "/api/v1/cases/"+caseID+"/films", map[string]any{"title": m("FilmTitle"), "items": []map[string]any{
		{"kind": domain.ItemTitle, "text": m("TitleCard")}, {"kind": domain.ItemClip, "clip_id": clipID, "caption": m("ItemCaption")}}})
	id, item := f["id"].(string), f["items"].([]any)[0].(map[string]any)["id"].(string)
	apiCall(t, in, token, "PUT", "/api/v1/films/"+id+"/items/"+item+"/words", map[string]any{"words": m("ParentWords")})
	apiCall(t, in, token, "PUT", "/api/v1/films/"+id+"/next-steps", map[string]any{"next_steps": m("NextSteps")})
}

// apiCall calls the JSON API as the holder of token; a non-2xx answer fails the test.
func apiCall(t *testing.T, in *apptest.Instance, token, method, path string, body any) map[string]any {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, in.URL+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	out := map[string]any{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return out
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
