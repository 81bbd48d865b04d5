package app_test

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/store"
)

// Erasing a recording erases what films made of it: its clips leave the
// film, the rendered film and its cached parts are gone with their keys,
// and the film is no longer released; the rest of the film stays to render
// again.
func TestErasingFootageErasesItsFilms(t *testing.T) {
	t.Parallel()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "2", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")
	in := apptest.Start(t, "")
	cl, caseID := newCaseClient(t, in)
	rec := uploadReady(t, cl, caseID, video)
	clip := makeClip(t, cl, rec, 5, 20)
	items := []map[string]any{{"kind": "title", "text": "Sam and Ann", "seconds": 1}, {"kind": "clip", "clip_id": clip}}
	var film struct{ ID string }
	if s := cl.json("POST", "/api/v1/cases/"+caseID+"/films", map[string]any{"title": "Blocks", "items": items}, &film); s != 201 {
		t.Fatalf("create film: %d", s)
	}
	if s := cl.json("POST", "/api/v1/films/"+film.ID+"/render", nil, nil); s != 202 {
		t.Fatalf("render: %d", s)
	}
	if st := waitRender(t, cl, film.ID); st.Status != "ready" {
		t.Fatalf("render: %+v", st)
	}
	if s := cl.json("DELETE", "/api/v1/recordings/"+rec, nil, nil); s != 204 {
		t.Fatalf("delete the recording: %d", s)
	}
	var after struct {
		Status string
		Items  []struct{ Kind string }
	}
	if s := cl.json("GET", "/api/v1/films/"+film.ID, nil, &after); s != 200 || after.Status != "draft" || len(after.Items) != 1 || after.Items[0].Kind != "title" {
		t.Errorf("the film after its footage was erased: %d %+v, want a draft with only the title card", s, after)
	}
	res := cl.do("GET", "/api/v1/films/"+film.ID+"/video", nil, map[string]string{"Range": "bytes=0-"})
	res.Body.Close()
	if res.StatusCode < 400 {
		t.Errorf("the erased film still plays: %d", res.StatusCode)
	}
	ctx := context.Background()
	in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		files, err := tx.FilmFiles(ctx, film.ID, "")
		if err != nil || len(files) != 0 {
			t.Errorf("the film keeps %d files (%v) made with erased footage", len(files), err)
		}
		return nil
	})
}
