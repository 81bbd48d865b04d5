package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/store"
)

// TestFilmReleasedRenderAndFileHygiene: the family keeps seeing the render
// that was released while the guider changes a caption and renders again;
// releasing again shows them the new one. A re-render that replaces the
// film's video and drops a cached part no longer used erases those files
// as deleting a film does: rows gone, keys on the shred list, bytes gone;
// the released render survives the re-render, and is erased once it is
// replaced by a new release.
func TestFilmReleasedRenderAndFileHygiene(t *testing.T) {
	t.Parallel()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine",
		"-t", "2", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		cl, caseID := newCaseClient(t, in)
		rec := uploadReady(t, cl, caseID, video)
		items := []map[string]any{{"kind": "title", "text": "For Ann", "seconds": 1},
			{"kind": "clip", "clip_id": makeClip(t, cl, rec, 5, 30), "caption": "You waited"}}
		var film struct {
			ID      string
			Version int
		}
		if s := cl.json("POST", "/api/v1/cases/"+caseID+"/films", map[string]any{"title": "Ours", "items": items}, &film); s != 201 {
			t.Fatalf("create: %d", s)
		}
		path := "/api/v1/films/" + film.ID
		render := func() {
			t.Helper()
			cl.json("POST", path+"/render", nil, nil)
			if st := waitRender(t, cl, film.ID); st.Status != "ready" {
				t.Fatalf("render: %+v", st)
			}
		}
		release := func() {
			t.Helper()
			if s := cl.json("PUT", path+"/release", map[string]any{"released": true}, nil); s != 200 {
				t.Fatalf("release: %d", s)
			}
		}
		render()
		release()
		family := films.FamilyViewer{CaseID: caseID, MemberID: "parent"}
		first := familyHash(t, in, family, film.ID)
		before := filmFileKeys(t, in, film.ID)

		items[1]["caption"] = "You waited for her"
		if s := cl.json("PATCH", path, map[string]any{"items": items, "version": film.Version}, nil); s != 200 {
			t.Fatalf("change the caption: %d", s)
		}
		render()
		if got := familyHash(t, in, family, film.ID); got != first {
			t.Fatal("the family sees the re-render before it was released")
		}
		staff := staffHash(t, cl, path)
		if staff == first {
			t.Fatal("the guider still sees the released render after re-rendering")
		}
		after := filmFileKeys(t, in, film.ID)
		var released, oldClip *filmFile
		for _, f := range before {
			switch {
			case f.Kind == domain.FilmFileVideo:
				released = f
			case f.Kind == domain.FilmFileSegment && after[f.ID] == nil && oldClip == nil:
				oldClip = f
			}
		}
		if released == nil || oldClip == nil || after[released.ID] == nil {
			t.Fatalf("before %d files, after %d: want the released video kept and the changed clip's part dropped", len(before), len(after))
		}
		checkFilmFileErased(t, in, oldClip, "the changed clip's cached part")
		for id, f := range before {
			if f.Kind == domain.FilmFileSegment && after[id] != nil && in.Deps.Shreds.Has("key", f.record) {
				t.Errorf("the unchanged title card's part %s was shredded", id)
			}
		}

		release()
		if got := familyHash(t, in, family, film.ID); got != staff {
			t.Fatal("released again, the family doesn't see the new render")
		}
		checkFilmFileErased(t, in, released, "the render released before")

		// A re-render while nothing is released replaces the video outright.
		current := filmFileKeys(t, in, film.ID)
		if s := cl.json("PUT", path+"/release", map[string]any{"released": false}, nil); s != 200 {
			t.Fatalf("take back: %d", s)
		}
		items[0]["text"] = "For Ann and Sam"
		film.Version++
		if s := cl.json("PATCH", path, map[string]any{"items": items, "version": film.Version}, nil); s != 200 {
			t.Fatalf("change the title: %d", s)
		}
		render()
		for _, f := range current {
			if f.Kind == domain.FilmFileVideo {
				checkFilmFileErased(t, in, f, "the replaced render")
			}
		}
	})
}

// filmFile is a film file with its key's shred record, read while it can be.
type filmFile struct {
	*domain.FilmFile
	record string // the key's fingerprint, as the shred list names it
}

func filmFileKeys(t *testing.T, in *apptest.Instance, filmID string) map[string]*filmFile {
	t.Helper()
	out := map[string]*filmFile{}
	err := in.Deps.DB.View(context.Background(), func(tx *store.Tx) error {
		files, err := tx.FilmFiles(context.Background(), filmID, "")
		for _, f := range files {
			rec, err := in.Deps.Keys.KeyRecord(f.WrappedKey)
			if err != nil {
				return err
			}
			out[f.ID] = &filmFile{f, strings.TrimPrefix(rec, "key ")}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkErased asserts a film file's row, key and bytes are gone.
func checkFilmFileErased(t *testing.T, in *apptest.Instance, f *filmFile, what string) {
	t.Helper()
	if !in.Deps.Shreds.Has("key", f.record) {
		t.Errorf("%s: its key is not on the shred list", what)
	}
	if obj, err := in.Deps.Blobs.Open(context.Background(), f.BlobKey); err == nil {
		obj.Close()
		t.Errorf("%s: its encrypted bytes are still stored", what)
	}
	err := in.Deps.DB.View(context.Background(), func(tx *store.Tx) error {
		files, err := tx.FilmFiles(context.Background(), f.FilmID, "")
		for _, g := range files {
			if g.ID == f.ID {
				t.Errorf("%s: its row is still there", what)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// familyHash is the hash of the video the family's portal serves.
func familyHash(t *testing.T, in *apptest.Instance, v films.FamilyViewer, filmID string) string {
	t.Helper()
	f, err := in.Deps.Films.OpenReleased(context.Background(), v, filmID, true, false)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return hashOf(t, io.NewSectionReader(f, 0, f.Size()))
}

func staffHash(t *testing.T, cl api, path string) string {
	t.Helper()
	res := cl.do("GET", path+"/video", nil, nil)
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("staff video: %d", res.StatusCode)
	}
	return hashOf(t, res.Body)
}

func hashOf(t *testing.T, r io.Reader) string {
	t.Helper()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
