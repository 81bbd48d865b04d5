package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/sar"
	"github.com/attune-vig/attune/internal/store"
)

// TestSubjectAccessExport: family A's export holds A's people, records,
// stills, films (released and not, the rendered one in the zip) and the
// supervision shares of its footage with their frame comments, never family
// B's (marker strings seeded into B's records, films and comments are
// absent), leaves
// out a chosen third party, is downloaded only by its maker, is audited, and
// is gone after it expires.
func TestSubjectAccessExport(t *testing.T) {
	t.Parallel()
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		ctx := context.Background()
		u, _ := in.User(t, "guide@example.org", domain.RolePractitioner, false)
		otherU, _ := in.User(t, "other@example.org", domain.RolePractitioner, false)
		owner, other := accounts.Actor{User: u}, accounts.Actor{User: otherU}
		a, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "A-1", Focus: "Bedtimes with Ann Alpha",
			Participants: []domain.Participant{{Role: "adult", Name: "Ann Alpha", Relation: "mother"},
				{Role: "adult", Name: "Fred Thirdparty", Relation: "stepfather"}, {Role: "child", Name: "Kit Alpha", BirthDate: "2021-01-01"}}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := in.Deps.Cases.Create(ctx, owner, casework.Input{Reference: "MARKERB-REF", Focus: "MARKERB-FOCUS",
			Participants: []domain.Participant{{Role: "adult", Name: "MARKERB Name", Relation: "mother"}}})
		if err != nil {
			t.Fatal(err)
		}
		sup, _ := in.User(t, "sup@example.org", domain.RoleSupervisor, false)
		for i, c := range []*domain.Case{a, b} {
			rec := in.ReadyRecording(t, owner, c.ID)
			readyStill(t, in, owner, rec.ID)
			note := []string{"Kit plays with Ann Alpha", "MARKERB note about the other family"}[i]
			if err := in.Deps.Lifecycle.PutNote(ctx, owner, c.ID, domain.NoteChild, note); err != nil {
				t.Fatal(err)
			}
			marker := []string{"Alpha", "MARKERB"}[i]
			sarFilms(t, in, owner, c.ID, marker)
			sarShare(t, in, owner, sup, c.ID, rec.ID, marker)
		}
		var fred string
		for _, p := range a.Participants {
			if p.Name == "Fred Thirdparty" {
				fred = p.ID
			}
		}
		svc := *in.Deps.SAR
		if _, err := svc.Create(ctx, other, a.ID, nil); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another practitioner's export: %v", err)
		}
		e, err := svc.Create(ctx, owner, a.ID, []string{fred})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Open(ctx, other, e.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("someone else downloaded the export: %v", err)
		}
		files := unzip(t, &svc, owner, e.ID)
		for _, name := range []string{"README.txt", "summary.html", "data.json", "stills/001-frame-1.png", "films/001-film.mp4"} {
			if _, ok := files[name]; !ok {
				t.Fatalf("export lacks %s; has %v", name, keysOf(files))
			}
		}
		for name, body := range files {
			if bytes.Contains(body, []byte("MARKERB")) || bytes.Contains(body, []byte("Fred Thirdparty")) {
				t.Fatalf("%s holds another family's data or the withheld third party", name)
			}
		}
		var data struct {
			People   []struct{ Name string } `json:"people"`
			Withheld int                     `json:"third_parties_withheld"`
			Films    []sar.EditedFilm        `json:"edited_films"`
			Shares   []sar.SupervisionShare  `json:"supervision_shares"`
		}
		if err := json.Unmarshal(files["data.json"], &data); err != nil || len(data.People) != 2 || data.Withheld != 1 {
			t.Fatalf("data.json: %+v %v", data, err)
		}
		if len(data.Films) != 2 || data.Films[0].ReleasedAt == nil || data.Films[1].ReleasedAt != nil || data.Films[0].File != "films/001-film.mp4" {
			t.Fatalf("edited films, released and not: %+v", data.Films)
		}
		if string(files["films/001-film.mp4"]) != "the film of Alpha" {
			t.Fatal("the rendered film in the zip is not the family's film")
		}
		if len(data.Shares) != 1 || len(data.Shares[0].Comments) != 1 || data.Shares[0].Comments[0].Body != "Alpha waits for Kit; [withheld] joins in" {
			t.Fatalf("supervision shares and frame comments: %+v", data.Shares)
		}
		if !bytes.Contains(files["summary.html"], []byte("Kit plays with Ann Alpha")) || !bytes.Contains(files["summary.html"], []byte("[withheld]")) {
			t.Fatal("the summary does not show the family, or does not mark what was withheld")
		}
		var es []domain.AuditEntry
		in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) {
			es, err = tx.AuditEntries(ctx, store.AuditFilter{CaseID: a.ID, Action: "sar."})
			return err
		})
		if len(es) != 2 {
			t.Fatalf("audit of export and download: %d entries", len(es))
		}
		svc.Now = func() time.Time { return time.Now().Add(8 * 24 * time.Hour) }
		if _, err := svc.Open(ctx, owner, e.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("expired export opened: %v", err)
		}
		if n, err := svc.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
	})
}

func unzip(t *testing.T, svc *sar.Service, a accounts.Actor, id string) map[string][]byte {
	t.Helper()
	d, err := svc.Open(context.Background(), a, id)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	raw, err := io.ReadAll(d)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the export is not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return out
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// sarFilms makes two films for a case: one rendered and released, whose
// caption names the withheld third party, and one draft.
func sarFilms(t *testing.T, in *apptest.Instance, owner accounts.Actor, caseID, marker string) {
	ctx := context.Background()
	for i, title := range []string{marker + " at bedtime", marker + " draft"} {
		f, err := in.Deps.Films.Create(ctx, owner, caseID, films.Input{Title: &title,
			Items: &[]films.ItemInput{{Kind: domain.ItemTitle, Text: marker + " with Fred Thirdparty"}}})
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			continue
		}
		path := filepath.Join(t.TempDir(), "film.mp4")
		os.WriteFile(path, []byte("the film of "+marker), 0o600)
		if _, err := films.Store(ctx, in.Deps.DB, in.Deps.Keys, in.Deps.Blobs, f.ID, domain.FilmFileVideo, "", path); err != nil {
			t.Fatal(err)
		}
		setFilmState(t, in, f.ID, domain.FilmReady, 1)
		now := time.Now()
		if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.SetFilmRelease(ctx, f.ID, &now, owner.ID()) }); err != nil {
			t.Fatal(err)
		}
	}
}

// sarShare shares a recording with a supervisor, who comments on a frame.
func sarShare(t *testing.T, in *apptest.Instance, owner accounts.Actor, sup *domain.User, caseID, recID, marker string) {
	ctx := context.Background()
	m := &domain.MaterialShare{ID: auth.NewID(), CaseID: caseID, Kind: "recording", MaterialID: recID, TraineeID: owner.ID(),
		SupervisorID: sup.ID, Note: marker + " share"}
	err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateMaterialShare(ctx, m); err != nil {
			return err
		}
		return tx.AddFrameComment(ctx, &domain.FrameComment{ID: auth.NewID(), ShareID: m.ID, Frame: 12,
			Body: marker + " waits for Kit; Fred Thirdparty joins in", AuthorID: sup.ID})
	})
	if err != nil {
		t.Fatal(err)
	}
}
