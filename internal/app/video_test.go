package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// api is a bearer-token client of one instance.
type api struct {
	t     *testing.T
	base  string
	token string
}

func (a api) do(method, path string, body io.Reader, header map[string]string) *http.Response {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.base+path, body)
	req.Header.Set("Authorization", "Bearer "+a.token)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	return res
}

func (a api) json(method, path string, in, out any) int {
	a.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	res := a.do(method, path, body, map[string]string{"Content-Type": "application/json"})
	defer res.Body.Close()
	if out != nil {
		json.NewDecoder(res.Body).Decode(out)
	}
	return res.StatusCode
}

// tusUpload sends a file as tus-js-client does: HEAD for the offset, then
// PATCHes from what the server acknowledged.
func (a api) tusUpload(url string, data []byte, chunk int) {
	a.t.Helper()
	hdr := map[string]string{"Tus-Resumable": "1.0.0"}
	res := a.do("HEAD", url, nil, hdr)
	res.Body.Close()
	off, _ := strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	for off < int64(len(data)) {
		end := min(off+int64(chunk), int64(len(data)))
		res := a.do("PATCH", url, bytes.NewReader(data[off:end]), map[string]string{"Tus-Resumable": "1.0.0",
			"Content-Type": "application/offset+octet-stream", "Upload-Offset": strconv.FormatInt(off, 10)})
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			a.t.Fatalf("PATCH at %d: %d %s", off, res.StatusCode, b)
		}
		off, _ = strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	}
}

// waitFor polls a recording until it leaves the upload and processing states.
func (a api) waitFor(id string) map[string]any {
	a.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		var r map[string]any
		a.json("GET", "/api/v1/recordings/"+id, nil, &r)
		if s := r["status"]; s == "ready" || s == "failed" {
			return r
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("recording %s still %v after 90 s", id, r["status"])
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitForExtras waits for what is made after a film is ready to play: the
// poster, the storyboard and the waveform.
func (a api) waitForExtras(id string) {
	a.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for _, kind := range []string{"poster", "storyboard", "storyboard.json", "waveform"} {
		for {
			res := a.do("GET", "/api/v1/recordings/"+id+"/"+kind, nil, nil)
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
			if time.Now().After(deadline) {
				a.t.Fatalf("no %s after 60 s (%d)", kind, res.StatusCode)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func makeVideo(t *testing.T, args ...string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "v.mp4")
	cmd := exec.Command("ffmpeg", append(append([]string{"-hide_banner", "-loglevel", "error", "-nostdin", "-y"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newCaseClient(t *testing.T, in *apptest.Instance) (api, string) {
	u, _ := in.User(t, "guide@example.org", domain.RolePractitioner, false)
	c, err := in.Deps.Cases.Create(context.Background(), accounts.Actor{User: u}, casework.Input{Reference: "V-1"})
	if err != nil {
		t.Fatal(err)
	}
	in.FilmingConsent(t, accounts.Actor{User: u}, c.ID)
	return api{t, in.URL, in.Token(t, "guide@example.org")}, c.ID
}

// TestUploadProcessPlay is the whole path of a film: create, upload over tus
// in pieces, process on the job queue, then play it and read its frame table.
func TestUploadProcessPlay(t *testing.T) {
	t.Parallel()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", "3", "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart")
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		cl, caseID := newCaseClient(t, in)
		var rec map[string]any
		if s := cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "kitchen.mp4", "size": len(video)}, &rec); s != 201 {
			t.Fatalf("create: %d %v", s, rec)
		}
		id := rec["id"].(string)
		cl.tusUpload(rec["upload_url"].(string), video, 70_000)
		done := cl.waitFor(id)
		if done["status"] != "ready" || done["frame_count"].(float64) != 75 || done["width"].(float64) != 320 {
			t.Fatalf("after processing: %v", done)
		}
		var frames struct {
			PtsMS []float64 `json:"pts_ms"`
		}
		cl.json("GET", "/api/v1/recordings/"+id+"/frames", nil, &frames)
		if len(frames.PtsMS) != 75 || frames.PtsMS[1] != 40 {
			t.Fatalf("frame table: %d frames, second at %v", len(frames.PtsMS), frames.PtsMS[:2])
		}
		res := cl.do("GET", "/api/v1/recordings/"+id+"/video", nil, map[string]string{"Range": "bytes=0-"})
		playback, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 206 || res.Header.Get("Content-Type") != "video/mp4" || !bytes.Contains(playback[:64], []byte("ftyp")) {
			t.Fatalf("video: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if n := probeFrames(t, playback); n != 75 {
			t.Fatalf("the playback copy has %d frames, want 75", n)
		}
		cl.waitForExtras(id)
		checkErased(t, in, cl, id)
	})
}

// checkErased deletes a recording and checks that its original, every
// derived file and every key are gone.
func checkErased(t *testing.T, in *apptest.Instance, cl api, id string) {
	ctx := context.Background()
	before, _ := in.Deps.Blobs.List(ctx, "rec/"+id+"/")
	if len(before) < 6 {
		t.Fatalf("expected the original and derived files before deleting, found %v", before)
	}
	if res := cl.do("DELETE", "/api/v1/recordings/"+id, nil, nil); res.StatusCode != 204 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if after, _ := in.Deps.Blobs.List(ctx, "rec/"+id+"/"); len(after) != 0 {
		t.Fatalf("blobs left after deleting: %v", after)
	}
	var files []*domain.StoredFile
	in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		files, err = tx.RecordingFiles(ctx, id)
		return err
	})
	if len(files) != 0 {
		t.Fatalf("%d file rows (wrapped keys) left after deleting", len(files))
	}
	if res := cl.do("GET", "/api/v1/recordings/"+id, nil, nil); res.StatusCode != 404 {
		t.Fatalf("recording after deleting: %d", res.StatusCode)
	}
}

func probeFrames(t *testing.T, mp4 []byte) int {
	p := filepath.Join(t.TempDir(), "p.mp4")
	os.WriteFile(p, mp4, 0o600)
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
		"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

// TestHostileUploads: files that are not videos, or that try to make ffmpeg
// read or fetch something else, end as a failed recording with a message a
// person can act on, nothing is fetched, and the server keeps serving.
func TestHostileUploads(t *testing.T) {
	t.Parallel()
	var fetched atomic.Int64
	lure := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fetched.Add(1) }))
	defer lure.Close()
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p")
	cases := map[string][]byte{
		"a text file":                  []byte("Dear diary, today we played with blocks.\n"),
		"an HLS playlist (local file)": []byte("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\n/etc/passwd\n#EXT-X-ENDLIST\n"),
		"an HLS playlist (URL)":        []byte("#EXTM3U\n#EXTINF:10.0,\n" + lure.URL + "/seg.ts\n#EXT-X-ENDLIST\n"),
		"an ffconcat list":             []byte("ffconcat version 1.0\nfile '/etc/passwd'\n"),
		"a truncated MP4":              video[:len(video)/3],
	}
	in := apptest.Start(t, "")
	cl, caseID := newCaseClient(t, in)
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			cl.t = t
			var rec map[string]any
			if s := cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "x.mp4", "size": len(data)}, &rec); s != 201 {
				t.Fatalf("create: %d", s)
			}
			cl.tusUpload(rec["upload_url"].(string), data, 1<<20)
			done := cl.waitFor(rec["id"].(string))
			msg, _ := done["error"].(string)
			if done["status"] != "failed" || !strings.Contains(msg, "video") {
				t.Fatalf("status %v, error %q: want failed with a message about the video", done["status"], msg)
			}
			for _, kind := range []string{"video", "frames", "poster"} {
				if res := cl.do("GET", "/api/v1/recordings/"+rec["id"].(string)+"/"+kind, nil, nil); res.StatusCode != 404 {
					t.Fatalf("%s of a failed recording: %d", kind, res.StatusCode)
				}
			}
		})
	}
	if fetched.Load() != 0 {
		t.Fatalf("ffmpeg fetched the lure URL %d times", fetched.Load())
	}
	if res := cl.do("GET", "/healthz", nil, nil); res.StatusCode != 200 {
		t.Fatal("the server stopped serving")
	}
	leftovers, _ := filepath.Glob(filepath.Join(in.Deps.Cfg.Data, "scratch", "*", "*"))
	if len(leftovers) != 0 {
		t.Fatalf("plaintext left in scratch: %v", leftovers)
	}
}

// TestDeleteWhileProcessing: erasing a film while it is still being prepared
// leaves nothing behind once the job notices, not even files the job was
// writing at that moment.
func TestDeleteWhileProcessing(t *testing.T) {
	t.Parallel()
	// 20 s of HEVC: long enough that even an idle machine is still
	// transcoding when the poll below looks (6 s could finish in between).
	video := makeVideo(t, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "20",
		"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p")
	in := apptest.Start(t, "")
	cl, caseID := newCaseClient(t, in)
	var rec map[string]any
	cl.json("POST", "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "hevc.mov", "size": len(video)}, &rec)
	id := rec["id"].(string)
	cl.tusUpload(rec["upload_url"].(string), video, 1<<20)
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) { // until the transcode is under way
		var now map[string]any
		cl.json("GET", "/api/v1/recordings/"+id, nil, &now)
		if p, _ := now["progress"].(float64); now["status"] == "processing" && p > 0.2 {
			break
		}
		if now["status"] == "ready" || time.Since(start) > 60*time.Second {
			t.Fatalf("never caught the transcode under way: %v", now)
		}
	}
	if res := cl.do("DELETE", "/api/v1/recordings/"+id, nil, nil); res.StatusCode != 204 {
		t.Fatalf("delete while processing: %d", res.StatusCode)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		left, _ := in.Deps.Blobs.List(context.Background(), "rec/"+id+"/")
		scratch, _ := filepath.Glob(filepath.Join(in.Deps.Cfg.Data, "scratch", "*"))
		if len(left) == 0 && len(scratch) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("60 s after deleting: blobs %v, scratch %v", left, scratch)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
