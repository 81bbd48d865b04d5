package app_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// filmStatus is what the render's status answers.
type filmStatus struct {
	Status          string  `json:"status"`
	Progress        float64 `json:"progress"`
	Error           string  `json:"error"`
	Job             string  `json:"job"`
	RenderedVersion int     `json:"rendered_version"`
	SegmentsMade    int     `json:"segments_made"`
	SegmentsReused  int     `json:"segments_reused"`
}

// TestFilmRender uploads a real recording, builds a film of a title card,
// two clips (one slowed down, with a caption) and a still, renders it (asked
// twice: one job), plays it with Range requests, re-renders after one
// change (only that part is made again), and checks downloads are refused
// until an administrator allows them.
func TestFilmRender(t *testing.T) {
	t.Parallel()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		cl, caseID := newCaseClient(t, in)
		rec := uploadReady(t, cl, caseID, video)
		clip1, clip2 := makeClip(t, cl, rec, 10, 34), makeClip(t, cl, rec, 50, 74)
		var st map[string]any
		if s := cl.json("POST", "/api/v1/recordings/"+rec+"/stills", map[string]any{"frame": 40, "caption": "She looks up"}, &st); s != 201 {
			t.Fatalf("still: %d %v", s, st)
		}
		cl.stillImage(st["id"].(string))
		items := []map[string]any{{"kind": "title", "text": "Sam and Ann", "seconds": 1},
			{"kind": "clip", "clip_id": clip1, "speed": 0.5, "caption": "You waited"},
			{"kind": "clip", "clip_id": clip2},
			{"kind": "still", "still_id": st["id"], "seconds": 1.5, "caption": "She looks up"}}
		var film struct {
			ID      string
			Version int
		}
		if s := cl.json("POST", "/api/v1/cases/"+caseID+"/films", map[string]any{"title": "Blocks", "items": items}, &film); s != 201 {
			t.Fatalf("create film: %d", s)
		}
		f := "/api/v1/films/" + film.ID
		var a, b filmStatus
		if s := cl.json("POST", f+"/render", nil, &a); s != 202 || a.Job != "started" {
			t.Fatalf("render: %d %+v", s, a)
		}
		if s := cl.json("POST", f+"/render", nil, &b); s != 202 || b.Job != "existing" {
			t.Fatalf("render asked again while under way: %d %+v, want 202 with the existing job", s, b)
		}
		if n := renderJobs(t, in, film.ID); n != 1 {
			t.Fatalf("%d render jobs for one film, want 1", n)
		}
		done := waitRender(t, cl, film.ID)
		if done.Status != "ready" || done.SegmentsMade != 4 || done.SegmentsReused != 0 {
			t.Fatalf("first render: %+v, want ready with 4 parts made", done)
		}
		// One change, asked for the moment the first render is done (its job
		// may not be marked finished yet): only that part is rendered again.
		items[2]["caption"] = "You took turns"
		if s := cl.json("PATCH", f, map[string]any{"items": items, "version": film.Version}, nil); s != 200 {
			t.Fatalf("change: %d", s)
		}
		if s := cl.json("POST", f+"/render", nil, &a); s != 202 || a.Job != "started" {
			t.Fatalf("re-render: %d %+v", s, a)
		}
		done = waitRender(t, cl, film.ID)
		if done.Status != "ready" || done.SegmentsMade != 1 || done.SegmentsReused != 3 || done.RenderedVersion != 2 {
			t.Fatalf("re-render: %+v, want 1 part made and 3 reused", done)
		}
		checkFilmVideo(t, cl, f, 1+24.0/25/0.5+24.0/25+1.5)
		// Downloads: refused until an administrator allows them; then audited.
		res := cl.do("GET", f+"/video?download=1", nil, nil)
		res.Body.Close()
		if res.StatusCode != 403 {
			t.Fatalf("download while not allowed: %d, want 403", res.StatusCode)
		}
		admin, _ := in.User(t, "admin@example.org", domain.RoleAdmin, false)
		if err := in.Deps.Films.SetDownloadsAllowed(context.Background(), accounts.Actor{User: admin}, true); err != nil {
			t.Fatal(err)
		}
		res = cl.do("GET", f+"/video?download=1", nil, nil)
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download when allowed: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		if n := auditCount(t, in, caseID, "film.download"); n != 1 {
			t.Fatalf("%d download audit entries, want 1", n)
		}
	})
}

// TestFilmRenderCancel cancels a render: the film says so and no video appears.
func TestFilmRenderCancel(t *testing.T) {
	t.Parallel()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p")
	in := apptest.Start(t, "")
	cl, caseID := newCaseClient(t, in)
	rec := uploadReady(t, cl, caseID, video)
	clip := makeClip(t, cl, rec, 0, 49)
	items := []map[string]any{{"kind": "title", "text": "One", "seconds": 60}, {"kind": "clip", "clip_id": clip, "speed": 0.25, "caption": "Slowly"}}
	var film struct{ ID string }
	if s := cl.json("POST", "/api/v1/cases/"+caseID+"/films", map[string]any{"title": "Long", "items": items}, &film); s != 201 {
		t.Fatalf("create: %d", s)
	}
	f := "/api/v1/films/" + film.ID
	var st filmStatus
	if s := cl.json("POST", f+"/render", nil, &st); s != 202 {
		t.Fatalf("render: %d", s)
	}
	if s := cl.json("POST", f+"/render/cancel", nil, &st); s != 200 || st.Status != "cancelled" {
		t.Fatalf("cancel: %d %+v", s, st)
	}
	if s := cl.json("POST", f+"/render/cancel", nil, nil); s != 409 {
		t.Fatalf("cancel twice: %d, want 409", s)
	}
	time.Sleep(3 * time.Second)
	cl.json("GET", f+"/status", nil, &st)
	if st.Status != "cancelled" || st.RenderedVersion != 0 {
		t.Fatalf("after cancel: %+v", st)
	}
	res := cl.do("GET", f+"/video", nil, nil)
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Fatalf("video of a cancelled render: %d, want 404", res.StatusCode)
	}
}

func uploadReady(t *testing.T, cl api, caseID string, video []byte) string {
	t.Helper()
	var rec map[string]any
	if s := cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "play.mp4", "size": len(video)}, &rec); s != 201 {
		t.Fatalf("create recording: %d %v", s, rec)
	}
	cl.tusUpload(rec["upload_url"].(string), video, 1<<20)
	if done := cl.waitFor(rec["id"].(string)); done["status"] != "ready" {
		t.Fatalf("processing: %v", done)
	}
	return rec["id"].(string)
}

func makeClip(t *testing.T, cl api, rec string, a, b int) string {
	t.Helper()
	var c map[string]any
	if s := cl.json("POST", "/api/v1/recordings/"+rec+"/clips", map[string]any{"start_frame": a, "end_frame": b, "title": "Clip " + strconv.Itoa(a)}, &c); s != 201 {
		t.Fatalf("clip: %d %v", s, c)
	}
	return c["id"].(string)
}

func waitRender(t *testing.T, cl api, id string) filmStatus {
	t.Helper()
	return waitRenderWithin(t, cl, id, 3*time.Minute)
}

func waitRenderWithin(t *testing.T, cl api, id string, within time.Duration) filmStatus {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var st filmStatus
		cl.json("GET", "/api/v1/films/"+id+"/status", nil, &st)
		if st.Status != "queued" && st.Status != "rendering" {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("film %s still %s after %v", id, st.Status, within)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func renderJobs(t *testing.T, in *apptest.Instance, filmID string) int {
	var n int
	err := in.Deps.DB.View(context.Background(), func(tx *store.Tx) (err error) {
		n, err = tx.FilmRenderJobs(context.Background(), filmID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkFilmVideo reads the film with a Range request and whole, and checks
// the whole decodes without errors and lasts about as long as its parts.
func checkFilmVideo(t *testing.T, cl api, path string, seconds float64) {
	t.Helper()
	res := cl.do("GET", path+"/video", nil, map[string]string{"Range": "bytes=100-199"})
	part, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 206 || len(part) != 100 || !strings.HasPrefix(res.Header.Get("Content-Range"), "bytes 100-199/") {
		t.Fatalf("range: %d, %d bytes, %q", res.StatusCode, len(part), res.Header.Get("Content-Range"))
	}
	res = cl.do("GET", path+"/video", nil, nil)
	whole, _ := io.ReadAll(res.Body)
	res.Body.Close()
	out := filepath.Join(t.TempDir(), "film.mp4")
	if err := os.WriteFile(out, whole, 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command("ffmpeg", "-v", "error", "-nostdin", "-i", out, "-f", "null", "-").CombinedOutput(); err != nil || len(b) > 0 {
		t.Fatalf("the film doesn't decode cleanly: %v %s", err, b)
	}
	b, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", out).Output()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := strconv.ParseFloat(strings.TrimSpace(string(b)), 64)
	if d < seconds-0.3 || d > seconds+0.3 {
		t.Fatalf("the film lasts %.2f s, want about %.2f s", d, seconds)
	}
}

func auditCount(t *testing.T, in *apptest.Instance, caseID, action string) int {
	t.Helper()
	var n int
	err := in.Deps.DB.View(context.Background(), func(tx *store.Tx) error {
		es, err := tx.AuditEntries(context.Background(), store.AuditFilter{CaseID: caseID, Action: action, Limit: 1000})
		n = len(es)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFilmRenderResumesFromCache is a render cut off after its parts were
// made (the process died before the join): run again, as River's retry
// does, it makes no part twice.
func TestFilmRenderResumesFromCache(t *testing.T) {
	t.Parallel()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine",
		"-t", "2", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")
	in := apptest.Start(t, "")
	cl, caseID := newCaseClient(t, in)
	rec := uploadReady(t, cl, caseID, video)
	items := []map[string]any{{"kind": "title", "text": "Again", "seconds": 1}, {"kind": "clip", "clip_id": makeClip(t, cl, rec, 5, 30)}}
	var film struct{ ID string }
	if s := cl.json("POST", "/api/v1/cases/"+caseID+"/films", map[string]any{"title": "Twice", "items": items}, &film); s != 201 {
		t.Fatalf("create: %d", s)
	}
	cl.json("POST", "/api/v1/films/"+film.ID+"/render", nil, nil)
	if st := waitRender(t, cl, film.ID); st.Status != "ready" || st.SegmentsMade != 2 {
		t.Fatalf("first render: %+v", st)
	}
	ctx := context.Background()
	err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		f, err := tx.FilmByID(ctx, film.ID)
		if err != nil {
			return err
		}
		v, err := tx.FilmVideo(ctx, film.ID)
		if err != nil {
			return err
		}
		f.Status, f.Progress, f.SegmentsMade, f.SegmentsReused = domain.FilmRendering, 0.5, 0, 0
		if err := tx.SetFilmState(ctx, f); err != nil {
			return err
		}
		return tx.DeleteFilmFile(ctx, v.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Deps.Processor.RenderFilm(ctx, film.ID); err != nil {
		t.Fatal(err)
	}
	var st filmStatus
	cl.json("GET", "/api/v1/films/"+film.ID+"/status", nil, &st)
	if st.Status != "ready" || st.SegmentsMade != 0 || st.SegmentsReused != 2 {
		t.Fatalf("the render run again: %+v, want both parts reused", st)
	}
	checkFilmVideo(t, cl, "/api/v1/films/"+film.ID, 1+26.0/25)
	// Deleting the film erases its video and its cached parts, keys and all.
	if s := cl.json("DELETE", "/api/v1/films/"+film.ID, nil, nil); s != 204 {
		t.Fatalf("delete: %d", s)
	}
	err = in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		if all, err := tx.AllFilmFiles(ctx); err != nil || len(all) != 0 {
			t.Errorf("film files left after deleting the film: %d %v", len(all), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
