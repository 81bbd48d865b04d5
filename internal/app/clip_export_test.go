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

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// TestClipExportEndToEnd uploads a film (B-frames, a keyframe a second),
// marks a clip starting between keyframes and finds its MP4 made by the job:
// exactly its frames (first and last match the original's, PSNR ≥ 40 dB),
// served with Range. Moving an edge makes the old MP4 unservable until the
// new one is made; deleting the clip erases its file and key.
func TestClipExportEndToEnd(t *testing.T) {
	t.Parallel()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac")
	orig := filepath.Join(t.TempDir(), "orig.mp4")
	if err := os.WriteFile(orig, video, 0o600); err != nil {
		t.Fatal(err)
	}
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		cl, caseID := newCaseClient(t, in)
		var rec map[string]any
		if s := cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "play.mp4", "size": len(video)}, &rec); s != 201 {
			t.Fatalf("create: %d %v", s, rec)
		}
		rid := rec["id"].(string)
		cl.tusUpload(rec["upload_url"].(string), video, 1<<20)
		if done := cl.waitFor(rid); done["status"] != "ready" {
			t.Fatalf("processing: %v", done)
		}
		var c map[string]any
		if s := cl.json("POST", "/api/v1/recordings/"+rid+"/clips", map[string]any{"start_frame": 30, "end_frame": 80}, &c); s != 201 {
			t.Fatalf("create clip: %d %v", s, c)
		}
		id := c["id"].(string)
		checkClipVideo(t, cl, orig, id, 30, 80)
		if res := cl.do("GET", "/api/v1/clips/"+id+"/video", nil, map[string]string{"Range": "bytes=100-199"}); res.StatusCode != 206 || res.ContentLength != 100 {
			t.Errorf("range request: %d, %d bytes", res.StatusCode, res.ContentLength)
		}
		var moved map[string]any
		if s := cl.json("PATCH", "/api/v1/clips/"+id, map[string]any{"start_frame": 12, "end_frame": 40}, &moved); s != 200 || moved["status"] == "ready" {
			t.Fatalf("move clip: %d %v, want it no longer ready", s, moved)
		}
		checkClipVideo(t, cl, orig, id, 12, 40)
		if s := cl.json("DELETE", "/api/v1/clips/"+id, nil, nil); s != 204 {
			t.Fatalf("delete clip: %d", s)
		}
		err := in.Deps.DB.View(context.Background(), func(tx *store.Tx) error {
			_, err := tx.FileOfKind(context.Background(), rid, domain.ClipFileKind(id))
			return err
		})
		if !store.IsNotFound(err) {
			t.Errorf("the deleted clip's file is still stored: %v", err)
		}
	})
}

// checkClipVideo waits for the clip's export to be ready, then checks its MP4.
func checkClipVideo(t *testing.T, cl api, orig, id string, first, last int) {
	t.Helper()
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var c map[string]any
		cl.json("GET", "/api/v1/clips/"+id, nil, &c)
		if c["status"] == "ready" && c["export_status"] == "ready" && c["video_url"] == "/api/v1/clips/"+id+"/video" {
			break
		}
		if c["export_status"] == "failed" || time.Now().After(deadline) {
			t.Fatalf("clip %s: %v", id, c)
		}
		if res := cl.do("GET", "/api/v1/clips/"+id+"/video", nil, nil); res.StatusCode != 409 {
			// the export may have finished between the two requests
			var now map[string]any
			cl.json("GET", "/api/v1/clips/"+id, nil, &now)
			if res.StatusCode != 200 || now["export_status"] != "ready" {
				t.Fatalf("video of a clip not exported yet: %d, want 409 (clip now %v)", res.StatusCode, now)
			}
		}
	}
	res := cl.do("GET", "/api/v1/clips/"+id+"/video", nil, nil)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "video/mp4" {
		t.Fatalf("video: %d %s", res.StatusCode, b[:min(len(b), 200)])
	}
	path := filepath.Join(t.TempDir(), "clip.mp4")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path).Output()
	if n, _ := strconv.Atoi(strings.TrimSpace(string(out))); err != nil || n != last-first+1 {
		t.Errorf("clip %d..%d has %d frames (%v), want %d", first, last, n, err, last-first+1)
	}
	for i, n := range []int{first, last} {
		got := ffmpegFrame(t, path, []int{0, last - first}[i])
		if p := psnr(got, ffmpegFrame(t, orig, n)); p < 40 {
			t.Errorf("clip frame for %d: PSNR %.1f dB against the original's, want ≥ 40", n, p)
		}
	}
}
