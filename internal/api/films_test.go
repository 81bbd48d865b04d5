package api_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// filmFixture is a practitioner's case with a recording, two clips and a
// ready still, and a second case of theirs with a clip of its own.
type filmFixture struct {
	*coding
	clips     []string
	still     string
	otherClip string
}

func newFilmFixture(t *testing.T, in *apptest.Instance) *filmFixture {
	f := &filmFixture{coding: newCoding(t, in, 50)}
	for _, span := range [][2]int{{2, 10}, {20, 30}} {
		var c map[string]any
		if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/clips", "application/json",
			`{"start_frame":`+itoa(span[0])+`,"end_frame":`+itoa(span[1])+`,"title":"Waiting for her"}`, &c); s != 201 {
			t.Fatalf("clip: %d %v", s, c)
		}
		f.clips = append(f.clips, c["id"].(string))
	}
	f.still = stillFor(t, in, f.actor, f.rec)
	ctx := context.Background()
	other, err := in.Deps.Cases.Create(ctx, f.actor, casework.Input{Reference: "MA-2", Participants: []domain.Participant{{Role: "adult", Name: "Bo"}}})
	if err != nil {
		t.Fatal(err)
	}
	rec := in.ReadyRecording(t, f.actor, other.ID)
	rec.FrameCount, rec.FPS = 50, 25
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.UpdateRecording(ctx, rec) }); err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if s := f.c.call("POST", "/api/v1/recordings/"+rec.ID+"/clips", "application/json", `{"start_frame":1,"end_frame":5}`, &c); s != 201 {
		t.Fatalf("other clip: %d %v", s, c)
	}
	f.otherClip = c["id"].(string)
	return f
}

// stillFor adds a ready still whose PNG is stored, as if its job had run.
func stillFor(t *testing.T, in *apptest.Instance, a accounts.Actor, rec string) string {
	ctx := context.Background()
	st := &domain.Still{ID: auth.NewID(), RecordingID: rec, Frame: 1, Status: domain.StillReady, Width: 2, Height: 2, CreatedBy: a.ID()}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2)))
	if _, err := in.Deps.Recordings.StoreFile(ctx, rec, domain.StillFileKind(st.ID), "image/png", &img); err != nil {
		t.Fatal(err)
	}
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateStill(ctx, st) }); err != nil {
		t.Fatal(err)
	}
	return st.ID
}

func TestFilmValidation(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newFilmFixture(t, in)
		clip := `{"kind":"clip","clip_id":"` + f.clips[0] + `"}`
		cases := []struct {
			name, body string
			status     int
			code, says string
		}{
			{"no items", `{"title":"Film","items":[]}`, 400, "invalid", "at least one item"},
			{"items missing", `{"title":"Film"}`, 400, "invalid", "at least one item"},
			{"no title", `{"title":" ","items":[` + clip + `]}`, 400, "invalid", "title"},
			{"still held 0 s", `{"title":"F","items":[{"kind":"still","still_id":"` + f.still + `","seconds":0}]}`, 400, "invalid", "from 0.5 to 60 seconds"},
			{"still held 10,000 s", `{"title":"F","items":[{"kind":"still","still_id":"` + f.still + `","seconds":10000}]}`, 400, "invalid", "from 0.5 to 60 seconds"},
			{"title card held 61 s", `{"title":"F","items":[{"kind":"title","text":"Hi","seconds":61}]}`, 400, "invalid", "from 0.5 to 60 seconds"},
			{"empty title card", `{"title":"F","items":[{"kind":"title","text":""}]}`, 400, "invalid", "without words"},
			{"clip of another case", `{"title":"F","items":[{"kind":"clip","clip_id":"` + f.otherClip + `"}]}`, 400, "invalid", "another case"},
			{"unknown clip", `{"title":"F","items":[{"kind":"clip","clip_id":"nope"}]}`, 404, "not_found", "couldn't find the clip"},
			{"unknown still", `{"title":"F","items":[{"kind":"still","still_id":"nope"}]}`, 404, "not_found", "couldn't find the still"},
			{"speed 2", `{"title":"F","items":[{"kind":"clip","clip_id":"` + f.clips[0] + `","speed":2}]}`, 400, "invalid", "0.25"},
			{"seconds on a clip", `{"title":"F","items":[{"kind":"clip","clip_id":"` + f.clips[0] + `","seconds":3}]}`, 400, "invalid", "lasts as long as its frames"},
			{"unknown kind", `{"title":"F","items":[{"kind":"video"}]}`, 400, "invalid", "title, clip or still"},
			{"unknown field", `{"title":"F","items":[` + clip + `],"colour":"red"}`, 400, "invalid", "colour"},
		}
		for _, tc := range cases {
			var e apiError
			if s := f.c.call("POST", "/api/v1/cases/"+f.caseID+"/films", "application/json", tc.body, &e); s != tc.status ||
				e.Error.Code != tc.code || !strings.Contains(e.Error.Message, tc.says) {
				t.Errorf("%s: %d %+v, want %d %s saying %q", tc.name, s, e.Error, tc.status, tc.code, tc.says)
			}
		}
		var films struct{ Films []any }
		if s := f.c.call("GET", "/api/v1/cases/"+f.caseID+"/films", "", "", &films); s != 200 || len(films.Films) != 0 {
			t.Fatalf("bad input left films behind: %d %v", s, films)
		}
	})
}

func TestFilmEditsAndRules(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newFilmFixture(t, in)
		body := `{"title":"Playing with the blocks","items":[{"kind":"title","text":"Sam and Ann"},{"kind":"clip","clip_id":"` + f.clips[0] +
			`","speed":0.5,"caption":"You waited"},{"kind":"still","still_id":"` + f.still + `","seconds":4}]}`
		var film struct {
			ID, Status string
			Version    int
			Items      []struct{ ID, Kind string }
		}
		if s := f.c.call("POST", "/api/v1/cases/"+f.caseID+"/films", "application/json", body, &film); s != 201 || film.Status != "draft" || len(film.Items) != 3 {
			t.Fatalf("create: %d %+v", s, film)
		}
		// A stale edit is refused with the film as it is now.
		if s := f.c.call("PATCH", "/api/v1/films/"+film.ID, "application/json", `{"title":"Blocks","version":1}`, nil); s != 200 {
			t.Fatalf("edit: %d", s)
		}
		var stale struct {
			Error struct{ Code string }
			Film  struct {
				Title   string
				Version int
			}
		}
		if s := f.c.call("PATCH", "/api/v1/films/"+film.ID, "application/json", `{"title":"Old","version":1}`, &stale); s != 409 ||
			stale.Error.Code != "conflict" || stale.Film.Title != "Blocks" || stale.Film.Version != 2 {
			t.Fatalf("stale edit: %d %+v", s, stale)
		}
		// The parent's words and the next steps stay with the film and the case.
		clipItem := film.Items[1].ID
		if s := f.c.call("PUT", "/api/v1/films/"+film.ID+"/items/"+clipItem+"/words", "application/json", `{"words":"I waited and she showed me"}`, nil); s != 200 {
			t.Fatalf("words: %d", s)
		}
		if s := f.c.call("PUT", "/api/v1/films/"+film.ID+"/items/nope/words", "application/json", `{"words":"x"}`, nil); s != 400 {
			t.Fatalf("words on no item: %d", s)
		}
		if s := f.c.call("PUT", "/api/v1/films/"+film.ID+"/next-steps", "application/json", `{"next_steps":"Wait a little longer at bath time"}`, nil); s != 200 {
			t.Fatalf("next steps: %d", s)
		}
		var got struct {
			NextSteps string `json:"next_steps"`
			Items     []struct{ ID, Words string }
		}
		f.c.call("GET", "/api/v1/films/"+film.ID, "", "", &got)
		if got.Items[1].Words != "I waited and she showed me" || got.NextSteps != "Wait a little longer at bath time" {
			t.Fatalf("review words not kept: %+v", got)
		}
		// An edit that keeps the item ids keeps the words.
		reorder := `{"items":[{"id":"` + clipItem + `","kind":"clip","clip_id":"` + f.clips[0] + `"},{"id":"` + film.Items[0].ID + `","kind":"title","text":"Sam and Ann"}]}`
		if s := f.c.call("PATCH", "/api/v1/films/"+film.ID, "application/json", reorder, &got); s != 200 || got.Items[0].Words == "" {
			t.Fatalf("reorder: %d %+v", s, got)
		}
		// A clip in a film can't be deleted; the message names the film.
		var e apiError
		if s := f.c.call("DELETE", "/api/v1/clips/"+f.clips[0], "", "", &e); s != 409 || !strings.Contains(e.Error.Message, "Blocks") {
			t.Fatalf("deleting a clip in a film: %d %+v", s, e)
		}
		if s := f.c.call("DELETE", "/api/v1/clips/"+f.clips[1], "", "", nil); s != 204 {
			t.Fatalf("deleting a clip in no film: %d", s)
		}
		// Nothing rendered yet: no video, no release.
		if s := f.c.call("GET", "/api/v1/films/"+film.ID+"/video", "", "", &e); s != 404 {
			t.Fatalf("video before render: %d", s)
		}
		if s := f.c.call("PUT", "/api/v1/films/"+film.ID+"/release", "application/json", `{"released":true}`, &e); s != 409 || !strings.Contains(e.Error.Message, "Render") {
			t.Fatalf("release before render: %d %+v", s, e)
		}
		// Another practitioner finds nothing.
		in.User(t, "other@example.org", domain.RolePractitioner, false)
		other := client{t, in.URL, in.Token(t, "other@example.org")}
		for _, p := range []string{"/api/v1/films/" + film.ID, "/api/v1/films/" + film.ID + "/video", "/api/v1/cases/" + f.caseID + "/films"} {
			if s := other.call("GET", p, "", "", &e); s != 404 {
				t.Errorf("other practitioner GET %s: %d, want 404", p, s)
			}
		}
		if s := other.call("PATCH", "/api/v1/films/"+film.ID, "application/json", `{"title":"Mine"}`, nil); s != 404 {
			t.Errorf("other practitioner PATCH: %d, want 404", s)
		}
		if s := f.c.call("DELETE", "/api/v1/films/"+film.ID, "", "", nil); s != 204 {
			t.Fatalf("delete film: %d", s)
		}
		if s := f.c.call("DELETE", "/api/v1/clips/"+f.clips[0], "", "", nil); s != 204 {
			t.Fatalf("deleting the clip once its film is gone: %d", s)
		}
	})
}
