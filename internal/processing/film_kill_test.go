package processing_test

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

	"github.com/attune-vig/attune/internal/app"
	"github.com/attune-vig/attune/internal/proctest"
	"github.com/attune-vig/attune/internal/store"
)

// TestFilmRenderSurvivesKill runs the real attune binary, starts a film
// render, SIGKILLs attune and its ffmpeg mid-render, and starts attune
// again: the render job comes back (its heartbeat stopped) and finishes
// with a film that decodes without errors and lasts as long as its parts;
// the killed run's plaintext work folder is gone and no stored bytes are
// left without a file row.
func TestFilmRenderSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin := proctest.Build(t)
	data := filepath.Join(t.TempDir(), "data")
	proctest.CLI(t, bin, nil, "a long and careful pass phrase 7\n", "user", "add", "--email", "guide@example.org", "--name", "Guide", "--role", "practitioner", "--data", data)
	token := proctest.Token(t, bin, nil, "--email", "guide@example.org", "--data", data)
	token = token[strings.LastIndex(token, "\n")+1:]
	addr := proctest.FreeAddr(t)
	srv := proctest.Serve(t, bin, data, addr)
	defer func() { srv.Kill() }()
	c := &killClient{&proctest.Client{Base: "http://" + addr, Token: token}}

	caseID := c.filmingCase(t)
	rec := c.uploadReady(t, caseID, killVideo(t))
	var clip struct{ ID string }
	c.must(t, 201, "POST", "/api/v1/recordings/"+rec+"/clips", map[string]any{"start_frame": 0, "end_frame": 99, "title": "Blocks"}, &clip)
	items := []map[string]any{{"kind": "title", "text": "Sam and Ann", "seconds": 3},
		{"kind": "clip", "clip_id": clip.ID, "speed": 0.25, "caption": "You waited"},
		{"kind": "title", "text": "Next time", "seconds": 2}}
	var film struct{ ID string }
	c.must(t, 201, "POST", "/api/v1/cases/"+caseID+"/films", map[string]any{"title": "Ours", "items": items}, &film)
	c.must(t, 202, "POST", "/api/v1/films/"+film.ID+"/render", nil, nil)

	st := c.waitFilm(t, film.ID, func(s filmState) bool { return s.Status == "rendering" && s.Progress >= 0.1 }, time.Minute)
	if st.Status != "rendering" || st.Progress >= 0.95 {
		t.Fatalf("want to kill mid-render, but the film is %+v", st)
	}
	srv.Kill()
	if work := workFolders(t, data); len(work) == 0 {
		t.Fatal("the killed render left no work folder: it was not under way")
	}
	srv = proctest.Serve(t, bin, data, addr)
	st = c.waitFilm(t, film.ID, func(s filmState) bool { return s.Status != "queued" && s.Status != "rendering" }, 4*time.Minute)
	if st.Status != "ready" {
		t.Fatalf("after the restart the film is %+v, want ready", st)
	}
	checkKilledFilm(t, c, film.ID, 3+100.0/25/0.25+2)
	if work := workFolders(t, data); len(work) != 0 {
		t.Errorf("work folders left in the scratch folder: %v", work)
	}
	srv.Stop()
	checkNoOrphans(t, data, film.ID)
}

type filmState struct {
	Status   string  `json:"status"`
	Progress float64 `json:"progress"`
	Error    string  `json:"error"`
}

func (c *killClient) waitFilm(t *testing.T, id string, done func(filmState) bool, within time.Duration) filmState {
	t.Helper()
	var st filmState
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		st = filmState{}
		if s, err := c.JSON("GET", "/api/v1/films/"+id+"/status", nil, &st); err == nil && s == 200 && done(st) {
			return st
		}
	}
	t.Fatalf("film %s is %+v after %v", id, st, within)
	return st
}

// checkKilledFilm decodes the whole film and checks its length.
func checkKilledFilm(t *testing.T, c *killClient, id string, seconds float64) {
	t.Helper()
	res, body, err := c.Do("GET", "/api/v1/films/"+id+"/video", nil, nil)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("film video: %v %v", res, err)
	}
	out := filepath.Join(t.TempDir(), "film.mp4")
	if err := os.WriteFile(out, body, 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command("ffmpeg", "-v", "error", "-nostdin", "-i", out, "-f", "null", "-").CombinedOutput(); err != nil || len(b) > 0 {
		t.Fatalf("the film doesn't decode cleanly: %v %s", err, b)
	}
	b, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", out).Output()
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := strconv.ParseFloat(strings.TrimSpace(string(b)), 64); d < seconds-0.3 || d > seconds+0.3 {
		t.Fatalf("the film lasts %.2f s, want about %.2f s", d, seconds)
	}
}

// workFolders lists the processing work folders in the scratch folder.
func workFolders(t *testing.T, data string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(data, "scratch"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// checkNoOrphans: every stored byte of the film has its file row.
func checkNoOrphans(t *testing.T, data, filmID string) {
	t.Helper()
	ctx := context.Background()
	d, err := app.OpenForTest(ctx, data, "", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	keys, err := d.Blobs.List(ctx, "film/"+filmID+"/")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	err = d.DB.View(ctx, func(tx *store.Tx) error {
		files, err := tx.FilmFiles(ctx, filmID, "")
		for _, f := range files {
			rows[f.BlobKey] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !rows[k] {
			t.Errorf("stored bytes %s have no file row (an orphan of the killed render)", k)
		}
	}
	if len(rows) == 0 {
		t.Error("the film has no stored files")
	}
}

// killVideo is 4 s of 720p with sound: its slowed-down clip takes the
// render long enough to be killed in the middle.
func killVideo(t *testing.T) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "v.mp4")
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// killClient talks to attune with a bearer token.
type killClient struct{ *proctest.Client }

func (c *killClient) must(t *testing.T, want int, method, path string, in, out any) {
	t.Helper()
	if s, err := c.JSON(method, path, in, out); err != nil || s != want {
		t.Fatalf("%s %s: %d %v, want %d", method, path, s, err, want)
	}
}

func (c *killClient) filmingCase(t *testing.T) string {
	t.Helper()
	var cs struct{ ID string }
	c.must(t, 201, "POST", "/api/v1/cases", map[string]any{"reference": "KILL-1"}, &cs)
	consent := map[string]any{"purposes": []string{"filming"}, "given_by": "Ann (mother)", "signature": "Ann", "wording_version": "1"}
	c.must(t, 201, "POST", "/api/v1/cases/"+cs.ID+"/consents", consent, nil)
	return cs.ID
}

// uploadReady uploads a video over tus in one piece and waits until it is processed.
func (c *killClient) uploadReady(t *testing.T, caseID string, v []byte) string {
	t.Helper()
	var rec struct {
		ID        string `json:"id"`
		UploadURL string `json:"upload_url"`
	}
	c.must(t, 201, "POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "play.mp4", "size": len(v)}, &rec)
	res, _, err := c.Do("PATCH", rec.UploadURL, v, map[string]string{"Tus-Resumable": "1.0.0",
		"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"})
	if err != nil || res.StatusCode != 204 {
		t.Fatalf("upload: %v %v", res, err)
	}
	var r struct{ Status, Error string }
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if s, err := c.JSON("GET", "/api/v1/recordings/"+rec.ID, nil, &r); err == nil && s == 200 && r.Status == "ready" {
			return rec.ID
		}
	}
	t.Fatalf("recording %s is %s (%s), want ready", rec.ID, r.Status, r.Error)
	return ""
}
