package api_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

type clip struct {
	ID           string   `json:"id"`
	StartFrame   int      `json:"start_frame"`
	EndFrame     int      `json:"end_frame"`
	Title        string   `json:"title"`
	Codes        []string `json:"codes"`
	WorkingPoint bool     `json:"working_point"`
	Position     int      `json:"position"`
	Status       string   `json:"status"`
	Version      int      `json:"version"`
}

// Clips are marked by frames (end inclusive), read with their status,
// trimmed, reordered and deleted; bad frames and codes are refused.
func TestClips(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 300)
		ids := make([]string, 3)
		for i := range ids {
			var c clip
			body := `{"start_frame":` + itoa(i*50) + `,"end_frame":` + itoa(i*50+24) + `,"title":"Moment ` + itoa(i) + `","caption":"Sam offers the block","codes":["receiving-initiatives"],"goal_id":"` + f.goal + `","working_point":` + map[bool]string{true: "true", false: "false"}[i == 2] + `}`
			if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/clips", "application/json", body, &c); s != 201 || c.Position != i || c.Status != "marked" {
				t.Fatalf("clip %d: %d %+v", i, s, c)
			}
			ids[i] = c.ID
		}
		var got clip
		if s := f.c.call("GET", "/api/v1/clips/"+ids[2], "", "", &got); s != 200 || got.Status != "marked" || !got.WorkingPoint || got.EndFrame != 124 {
			t.Fatalf("get: %d %+v", s, got)
		}
		if s := f.c.call("PATCH", "/api/v1/clips/"+ids[0], "application/json", `{"start_frame":3,"end_frame":20,"codes":["guiding","guiding/scaffolding"]}`, &got); s != 200 ||
			got.StartFrame != 3 || got.EndFrame != 20 || len(got.Codes) != 2 || got.Version != 2 {
			t.Fatalf("trim: %d %+v", s, got)
		}
		if s := f.c.call("PATCH", "/api/v1/clips/"+ids[2], "application/json", `{"position":0}`, &got); s != 200 || got.Position != 0 {
			t.Fatalf("move: %d %+v", s, got)
		}
		var list struct{ Clips []clip }
		f.c.call("GET", "/api/v1/recordings/"+f.rec+"/clips", "", "", &list)
		if order := clipIDs(list.Clips); order != strings.Join([]string{ids[2], ids[0], ids[1]}, ",") {
			t.Fatalf("order after the move: %s", order)
		}
		for name, tc := range map[string]struct{ body, field string }{
			"end before start":    {`{"start_frame":30,"end_frame":10}`, "end_frame"},
			"outside the film":    {`{"start_frame":290,"end_frame":300}`, "end_frame"},
			"unknown code":        {`{"start_frame":1,"end_frame":2,"codes":["shouting"]}`, "codes"},
			"no end":              {`{"start_frame":1}`, "start_frame"},
			"megabyte of caption": {`{"start_frame":1,"end_frame":2,"caption":"` + strings.Repeat("x", 1<<20) + `"}`, "note"},
		} {
			var e apiError
			if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/clips", "application/json", tc.body, &e); (s != 400 && s != 413) || e.Error.Field != tc.field {
				t.Errorf("%s: %d %+v", name, s, e)
			}
		}
		if s := f.c.call("PATCH", "/api/v1/clips/"+ids[1], "application/json", `{"version":1,"end_frame":40}`, nil); s != 400 {
			t.Fatalf("trimming the end before the start: %d", s)
		}
		if s := f.c.call("PATCH", "/api/v1/clips/"+ids[0], "application/json", `{"version":1,"title":"stale"}`, nil); s != 409 {
			t.Fatalf("a stale clip version: %d", s)
		}
		if s := f.c.call("DELETE", "/api/v1/clips/"+ids[1], "", "", nil); s != 204 {
			t.Fatalf("delete: %d", s)
		}
		if s := f.c.call("GET", "/api/v1/clips/"+ids[1], "", "", nil); s != 404 {
			t.Fatalf("deleted clip: %d", s)
		}
	})
}

func clipIDs(cs []clip) string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return strings.Join(ids, ",")
}

// A still is "processing" until its job is done; its image answers 404 with
// a message until then; a still of a frame outside the film is refused.
func TestStillNotReadyYet(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		f := newCoding(t, in, 50)
		var e apiError
		if s := f.c.call("POST", "/api/v1/recordings/"+f.rec+"/stills", "application/json", `{"frame":50}`, &e); s != 400 || e.Error.Field != "frame" {
			t.Fatalf("still past the end: %d %+v", s, e)
		}
		ctx := context.Background()
		st := &domain.Still{ID: auth.NewID(), RecordingID: f.rec, Frame: 3, Status: domain.StillProcessing, CreatedBy: f.actor.ID()}
		in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.CreateStill(ctx, st) })
		var got map[string]any
		if s := f.c.call("GET", "/api/v1/stills/"+st.ID, "", "", &got); s != 200 || got["status"] != "processing" {
			t.Fatalf("still: %d %v", s, got)
		}
		if s := f.c.call("GET", "/api/v1/stills/"+st.ID+"/image", "", "", &e); s != 404 || !strings.Contains(e.Error.Message, "being made") {
			t.Fatalf("image of a still in the making: %d %+v", s, e)
		}
		if s := f.c.call("DELETE", "/api/v1/stills/"+st.ID, "", "", nil); s != 204 {
			t.Fatalf("delete: %d", s)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }
