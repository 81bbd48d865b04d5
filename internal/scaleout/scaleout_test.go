package scaleout_test

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/blob/blobtest"
	"github.com/attune-vig/attune/internal/proctest"
	"github.com/attune-vig/attune/internal/store/storetest"
)

const (
	email    = "guide@example.org"
	password = "a long and careful pass phrase 7"
)

// TestScaleOut: two servers and two workers on one PostgreSQL database and
// one bucket, nginx in front; a whole cycle spread across them; then the
// invariants: one audit chain, the original decrypts to the bytes sent,
// every job completed, no orphan or staged object left in the bucket.
func TestScaleOut(t *testing.T) {
	need(t, "ffmpeg", "apt-get install ffmpeg")
	began := time.Now()
	dbURL, _ := storetest.NewPostgresDatabase(t)
	bucketURL, _ := blobtest.Start(t).Bucket(t)
	s := &site{bin: proctest.Build(t), root: t.TempDir()}
	s.env = []string{"ATTUNE_DATABASE_URL=" + dbURL, "ATTUNE_BLOB_URL=" + bucketURL,
		"ATTUNE_MASTER_KEY_FILE=" + filepath.Join(s.root, "master.key"), "ATTUNE_DISK_RESERVE=0", "ATTUNE_TRUST_PROXY=true"}
	t.Logf("built attune, database and bucket ready in %s", time.Since(began).Round(time.Millisecond))
	s.cli(t, password+"\n", "user", "add", "--email", email, "--name", "Guide", "--role", "practitioner")
	out := s.token(t, email)
	api := &client{t: t, token: out}

	a := s.start(t, "serve-a", proctest.FreeAddr(t), "ATTUNE_WORKERS=0")
	b := s.start(t, "serve-b", proctest.FreeAddr(t), "ATTUNE_WORKERS=0")
	workers := []*proc{s.start(t, "worker-1", "", "ATTUNE_WORKERS=1"), s.start(t, "worker-2", "", "ATTUNE_WORKERS=1")}
	front := a.url
	if nginx := nginxPath(t); nginx != "" {
		front = proctest.Nginx(t, nginx, strings.TrimPrefix(a.url, "http://"), strings.TrimPrefix(b.url, "http://"))
	}
	t.Logf("two servers, two workers and the proxy (%s) up at %s", front, time.Since(began).Round(time.Millisecond))

	web := signInAcross(t, a.url, b.url)
	caseID := filmingCase(t, api, front)
	video := makeVideo(t, 4)
	rec := uploadAcross(t, api, a.url, b.url, caseID, video)
	// A second one through the proxy, in PATCHes smaller than a vault
	// chunk, each of which nginx may send to either server.
	short := makeVideo(t, 2)
	viaProxy := createRecording(t, api, front, caseID, len(short))
	api.send(front, viaProxy.UploadURL, short, 0, len(short), 60_000)
	sent := map[string][]byte{rec: video, viaProxy.ID: short}
	for id := range sent {
		if ready := api.waitFor(front, "/api/v1/recordings/"+id, "status", 90*time.Second, "ready", "failed"); ready["status"] != "ready" {
			t.Fatalf("processing on the workers: %v", ready)
		}
	}
	t.Logf("uploaded across both servers and processed at %s", time.Since(began).Round(time.Millisecond))
	film := cutAndRender(t, api, front, caseID, rec)
	t.Logf("clip cut and film rendered at %s", time.Since(began).Round(time.Millisecond))
	openReview(t, web, b.url, film)

	for _, p := range append([]*proc{a, b}, workers...) {
		p.Stop()
	}
	checkInvariants(t, s, dbURL, bucketURL, sent, workers)
	t.Logf("whole cycle and checks in %s", time.Since(began).Round(time.Millisecond))
}

// signInAcross signs in on server a and goes on with the same session on
// server b: setting up the second factor there, then opening the
// caseload on a again.
func signInAcross(t *testing.T, a, b string) *client {
	t.Helper()
	web := &client{t: t}
	res, body := web.form(a, "/login", url.Values{"email": {email}, "password": {password}})
	if res.StatusCode != 303 || len(web.cookies) == 0 {
		t.Fatalf("sign in on A: %d, cookies %v: %.300s", res.StatusCode, web.cookies, body)
	}
	res, page := web.do("GET", b+"/account/mfa", nil, nil)
	m := regexp.MustCompile(`id="secret">([A-Z2-7]+)<`).FindSubmatch(page)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("second-factor setup on B with A's session: %d: %.300s", res.StatusCode, page)
	}
	code, err := auth.TOTPCode(string(m[1]), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res, page = web.form(b, "/account/mfa", url.Values{"code": {code}}); res.StatusCode != 200 {
		t.Fatalf("confirming the second factor on B: %d: %.300s", res.StatusCode, page)
	}
	if res, page = web.do("GET", a+"/", nil, nil); res.StatusCode != 200 {
		t.Fatalf("the caseload on A after the second factor on B: %d (%s)", res.StatusCode, res.Header.Get("Location"))
	}
	return web
}

func filmingCase(t *testing.T, api *client, front string) string {
	t.Helper()
	var cs struct{ ID string }
	if s := api.json("POST", front, "/api/v1/cases", map[string]any{"reference": "SCALE-1"}, &cs); s != 201 {
		t.Fatalf("create the case: %d", s)
	}
	consent := map[string]any{"purposes": []string{"filming"}, "given_by": "Ann (mother)", "signature": "Ann", "wording_version": "1"}
	if s := api.json("POST", front, "/api/v1/cases/"+cs.ID+"/consents", consent, nil); s != 201 {
		t.Fatalf("record consent: %d", s)
	}
	return cs.ID
}

// uploadAcross creates a recording on A, sends the first half of the
// video to A and the rest to B, and returns the recording's id.
func uploadAcross(t *testing.T, api *client, a, b, caseID string, video []byte) string {
	t.Helper()
	rec := createRecording(t, api, a, caseID, len(video))
	half := len(video) / 2
	api.send(a, rec.UploadURL, video, 0, half, 100_000)
	if off := api.head(b, rec.UploadURL); off != int64(half) {
		t.Fatalf("B says the upload is at %d after A acknowledged %d", off, half)
	}
	api.send(b, rec.UploadURL, video, half, len(video), 100_000)
	if off := api.head(a, rec.UploadURL); off != int64(len(video)) {
		t.Fatalf("A says the upload is at %d after B finished it", off)
	}
	return rec.ID
}

// recording is what creating a recording answers.
type recording struct {
	ID        string `json:"id"`
	UploadURL string `json:"upload_url"`
}

func createRecording(t *testing.T, api *client, base, caseID string, size int) recording {
	t.Helper()
	var rec recording
	if s := api.json("POST", base, "/api/v1/cases/"+caseID+"/recordings", map[string]any{"filename": "play.mp4", "size": size}, &rec); s != 201 {
		t.Fatalf("create a recording on %s: %d", base, s)
	}
	return rec
}

// cutAndRender cuts a clip, puts it in a film and renders the film.
func cutAndRender(t *testing.T, api *client, front, caseID, rec string) string {
	t.Helper()
	var clip struct{ ID string }
	if s := api.json("POST", front, "/api/v1/recordings/"+rec+"/clips",
		map[string]any{"start_frame": 5, "end_frame": 40, "title": "She looks up"}, &clip); s != 201 {
		t.Fatalf("cut a clip: %d", s)
	}
	items := []map[string]any{{"kind": "title", "text": "Sam and Ann", "seconds": 1}, {"kind": "clip", "clip_id": clip.ID}}
	var film struct{ ID string }
	if s := api.json("POST", front, "/api/v1/cases/"+caseID+"/films", map[string]any{"title": "Scaling up", "items": items}, &film); s != 201 {
		t.Fatalf("make the film: %d", s)
	}
	if s := api.json("POST", front, "/api/v1/films/"+film.ID+"/render", nil, nil); s != 202 {
		t.Fatalf("render: %d", s)
	}
	if st := api.waitFor(front, "/api/v1/films/"+film.ID+"/status", "status", 90*time.Second, "ready", "failed", "cancelled"); st["status"] != "ready" {
		t.Fatalf("render on the workers: %v", st)
	}
	res, mp4 := api.do("GET", front+"/api/v1/films/"+film.ID+"/video", nil, nil)
	if res.StatusCode != 200 || len(mp4) < 1000 || !bytes.Equal(mp4[4:8], []byte("ftyp")) {
		t.Fatalf("the film's video: %d, %d bytes", res.StatusCode, len(mp4))
	}
	return film.ID
}

// openReview opens the film's shared review page with the web session.
func openReview(t *testing.T, web *client, base, film string) {
	t.Helper()
	res, page := web.do("GET", base+"/films/"+film+"/review", nil, nil)
	if res.StatusCode != 200 || !bytes.Contains(page, []byte("Scaling up")) {
		t.Fatalf("the review of the film on B: %d: %.300s", res.StatusCode, page)
	}
}

// makeVideo encodes a small test film of so many seconds with ffmpeg.
func makeVideo(t *testing.T, seconds int) []byte { return makeVideoSized(t, seconds, "320x240") }

// makeVideoSized encodes a test film of so many seconds and pixels (WxH).
func makeVideoSized(t *testing.T, seconds int, size string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "v.mp4")
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
		"-f", "lavfi", "-i", "testsrc2=size="+size+":rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", strconv.Itoa(seconds), "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
