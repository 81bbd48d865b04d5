package app_test

import (
	"os"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
)

// TestFilmRerenderBench measures (ATTUNE_BENCH=1) a re-render after one
// caption changed against the first render of the same film — 3 clips,
// 3 stills and 2 title cards from a 360p30 recording — in one run, and
// reports the ratio: the cache should leave only the changed part to make.
func TestFilmRerenderBench(t *testing.T) {
	t.Parallel()
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("film re-render benchmark: set ATTUNE_BENCH=1 (scripts/bench.sh, make bench) to run it")
	}
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine",
		"-t", "12", "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")
	in := apptest.Start(t, "")
	cl, caseID := newCaseClient(t, in)
	rec := uploadReady(t, cl, caseID, video)
	items := []map[string]any{{"kind": "title", "text": "Maya and Leo", "seconds": 3}}
	for i, from := range []int{30, 130, 230} {
		items = append(items, map[string]any{"kind": "clip", "clip_id": makeClip(t, cl, rec, from, from+89), "caption": "Moment " + string(rune('1'+i))})
		var st map[string]any
		if s := cl.json("POST", "/api/v1/recordings/"+rec+"/stills", map[string]any{"frame": from + 45}, &st); s != 201 {
			t.Fatalf("still: %d", s)
		}
		cl.stillImage(st["id"].(string))
		items = append(items, map[string]any{"kind": "still", "still_id": st["id"], "seconds": 3})
	}
	items = append(items, map[string]any{"kind": "title", "text": "What next?", "seconds": 3})
	var film struct {
		ID      string
		Version int
	}
	if s := cl.json("POST", "/api/v1/cases/"+caseID+"/films", map[string]any{"title": "Bench", "items": items}, &film); s != 201 {
		t.Fatalf("create: %d", s)
	}
	render := func() (time.Duration, filmStatus) {
		start := time.Now()
		if s := cl.json("POST", "/api/v1/films/"+film.ID+"/render", nil, nil); s != 202 {
			t.Fatalf("render: %d", s)
		}
		st := waitRenderWithin(t, cl, film.ID, 15*time.Minute)
		if st.Status != "ready" {
			t.Fatalf("render: %+v", st)
		}
		return time.Since(start), st
	}
	first, st1 := render()
	items[3]["caption"] = "You took turns"
	if s := cl.json("PATCH", "/api/v1/films/"+film.ID, map[string]any{"items": items}, nil); s != 200 {
		t.Fatalf("change: %d", s)
	}
	again, st2 := render()
	t.Logf("film of 3 clips, 3 stills, 2 title cards: first render %v (%d parts), re-render after one caption %v (%d made, %d reused): ratio %.2f",
		first.Round(time.Millisecond), st1.SegmentsMade, again.Round(time.Millisecond), st2.SegmentsMade, st2.SegmentsReused,
		again.Seconds()/first.Seconds())
}
