package scaleout_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/blob/blobtest"
	"github.com/attune-vig/attune/internal/loadtest"
	"github.com/attune-vig/attune/internal/proctest"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestScaleOutLoad (make bench): the same mixed traffic — caseload pages,
// annotation saves, video range reads and upload PATCHes, a quarter of the
// users on each — against the real binary on one machine's default (one
// `attune serve` on SQLite and files) and against two servers and two
// workers on PostgreSQL and versitygw behind nginx, at 10 to 200 users
// (ATTUNE_BENCH_USERS). Each line gives the two-node figures as a ratio to
// the single node's at the same number of users.
func TestScaleOutLoad(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("load test: set ATTUNE_BENCH=1 (make bench) to run it")
	}
	need(t, "ffmpeg", "apt-get install ffmpeg")
	levels, err := loadtest.Levels()
	if err != nil {
		t.Fatal(err)
	}
	dur, err := loadtest.Seconds(6 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	out := io.Writer(os.Stdout)
	if path := os.Getenv("ATTUNE_BENCH_SCALEOUT_OUT"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = io.MultiWriter(os.Stdout, f)
	}
	bin := proctest.Build(t)
	video := makeVideoSized(t, 20, "1280x720")
	single := runLoad(t, singleNode(t, bin), video, levels, dur)
	double := runLoad(t, twoNodes(t, bin), video, levels, dur)
	fmt.Fprintf(out, "attune scale-out load: %v per level after 1 s warm-up, a quarter of the users on each kind, %s\n", dur, time.Now().Format(time.RFC3339))
	fmt.Fprintln(out, "setup              users kind             requests      rps   p50(ms)   p99(ms)  errors  rps/1node p99/1node")
	for i, n := range levels {
		for k, name := range loadKinds {
			writeLoadRow(out, "sqlite, 1 node", n, name, single[i][k], single[i][k])
			writeLoadRow(out, "postgres, 2+2", n, name, double[i][k], single[i][k])
		}
	}
	for i, n := range levels {
		for k, name := range loadKinds {
			for _, r := range []loadtest.Result{single[i][k], double[i][k]} {
				switch {
				case r.Errors > 0 && errors.Is(r.FirstErr, context.DeadlineExceeded):
					// still waiting when the window and its grace ended:
					// slow, counted in the table, not broken
					t.Logf("%d users, %s: %d of %d outlived the window, first: %v", n, name, r.Errors, r.Requests, r.FirstErr)
				case r.Errors > 0:
					t.Errorf("%d users, %s: %d of %d failed, first: %v", n, name, r.Errors, r.Requests, r.FirstErr)
				}
			}
		}
	}
}

// loadKinds are the kinds of traffic, in the order runLoad measures them.
var loadKinds = []string{"caseload page", "annotation save", "video range", "upload PATCH"}

func writeLoadRow(w io.Writer, setup string, users int, kind string, r, base loadtest.Result) {
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	p99 := func(r loadtest.Result) float64 { return float64(r.P99) / float64(time.Millisecond) }
	fmt.Fprintf(w, "%-18s %5d %-16s %8d %8.0f %9.2f %9.2f %7d %9.2f %9.2f\n", setup, users, kind, r.Requests, r.RPS,
		float64(r.P50)/float64(time.Millisecond), p99(r), r.Errors, ratio(r.RPS, base.RPS), ratio(p99(r), p99(base)))
}

// setup is a running attune to load: the address clients use, a token and
// a signed-in web session of one practitioner.
type setup struct {
	front string
	api   *client
	web   *client
}

// singleNode starts one `attune serve` with its workers, on SQLite and
// files in one folder: what `make run` starts.
func singleNode(t *testing.T, bin string) *setup {
	s := &site{bin: bin, root: t.TempDir()}
	s.env = []string{"ATTUNE_DATABASE_URL=" + filepath.Join(s.root, "attune.db"), "ATTUNE_BLOB_URL=" + filepath.Join(s.root, "files"),
		"ATTUNE_MASTER_KEY_FILE=" + filepath.Join(s.root, "master.key"), "ATTUNE_DISK_RESERVE=0"}
	api := practitioner(t, s)
	p := s.start(t, "single", proctest.FreeAddr(t), "ATTUNE_WORKERS=2")
	return &setup{front: p.url, api: api, web: signInAcross(t, p.url, p.url)}
}

// twoNodes starts two servers and two workers on PostgreSQL and versitygw,
// with nginx in front (as in TestScaleOut).
func twoNodes(t *testing.T, bin string) *setup {
	dbURL, _ := storetest.NewPostgresDatabase(t)
	bucketURL, _ := blobtest.Start(t).Bucket(t)
	s := &site{bin: bin, root: t.TempDir()}
	s.env = []string{"ATTUNE_DATABASE_URL=" + dbURL, "ATTUNE_BLOB_URL=" + bucketURL,
		"ATTUNE_MASTER_KEY_FILE=" + filepath.Join(s.root, "master.key"), "ATTUNE_DISK_RESERVE=0", "ATTUNE_TRUST_PROXY=true"}
	api := practitioner(t, s)
	a := s.start(t, "serve-a", proctest.FreeAddr(t), "ATTUNE_WORKERS=0")
	b := s.start(t, "serve-b", proctest.FreeAddr(t), "ATTUNE_WORKERS=0")
	s.start(t, "worker-1", "", "ATTUNE_WORKERS=1")
	s.start(t, "worker-2", "", "ATTUNE_WORKERS=1")
	front := proctest.Nginx(t, need(t, "nginx", "apt-get install nginx-light"), strings.TrimPrefix(a.url, "http://"), strings.TrimPrefix(b.url, "http://"))
	return &setup{front: front, api: api, web: signInAcross(t, front, front)}
}

// practitioner adds the practitioner and returns an API client with their token.
func practitioner(t *testing.T, s *site) *client {
	s.cli(t, password+"\n", "user", "add", "--email", email, "--name", "Guide", "--role", "practitioner")
	out := s.token(t, email)
	return &client{t: t, token: out}
}

// runLoad prepares a case with a processed recording, then measures every
// level: results[level][kind].
func runLoad(t *testing.T, s *setup, video []byte, levels []int, dur time.Duration) [][]loadtest.Result {
	caseID := filmingCase(t, s.api, s.front)
	rec := createRecording(t, s.api, s.front, caseID, len(video))
	s.api.send(s.front, rec.UploadURL, video, 0, len(video), 4<<20)
	if st := s.api.waitFor(s.front, "/api/v1/recordings/"+rec.ID, "status", 180*time.Second, "ready", "failed"); st["status"] != "ready" {
		t.Fatalf("processing the load test's film: %v", st)
	}
	size := videoSize(t, s, rec.ID)
	most := levels[len(levels)-1]
	hc := loadtest.NewClient(most, 60*time.Second)
	ups := &uploader{s: s, hc: hc, caseID: caseID, chunk: randomBytes(256 << 10), states: make([]upState, most)}
	var results [][]loadtest.Result
	for _, n := range levels {
		do := []func(context.Context, int) error{
			s.pageRequest(hc),
			s.annotationSave(hc, rec.ID),
			s.rangeRead(hc, rec.ID, size),
			ups.patch,
		}
		res := make([]loadtest.Result, len(do))
		var wg sync.WaitGroup
		for k := range do {
			wg.Go(func() {
				res[k] = loadtest.Run(context.Background(), loadtest.Config{Clients: n / 4, Duration: dur, Warmup: time.Second}, do[k])
			})
		}
		wg.Wait()
		results = append(results, res)
	}
	return results
}

func (s *setup) header(extra ...string) http.Header {
	h := http.Header{"Authorization": {"Bearer " + s.api.token}}
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	return h
}

func (s *setup) pageRequest(hc *http.Client) func(context.Context, int) error {
	return func(ctx context.Context, _ int) error {
		req, _ := http.NewRequestWithContext(ctx, "GET", s.front+"/", nil)
		for _, ck := range s.web.cookies {
			req.AddCookie(ck)
		}
		return expect(hc, req, http.StatusOK)
	}
}

func (s *setup) annotationSave(hc *http.Client, rec string) func(context.Context, int) error {
	return func(ctx context.Context, _ int) error {
		body := fmt.Sprintf(`{"start_frame":%d,"code":"guiding","note":"load"}`, rand.IntN(400))
		req, _ := http.NewRequestWithContext(ctx, "POST", s.front+"/api/v1/recordings/"+rec+"/annotations", strings.NewReader(body))
		req.Header = s.header("Content-Type", "application/json")
		return expect(hc, req, http.StatusCreated)
	}
}

func (s *setup) rangeRead(hc *http.Client, rec string, size int64) func(context.Context, int) error {
	const span = 256 << 10
	return func(ctx context.Context, _ int) error {
		off := rand.Int64N(max(size-span, 1))
		req, _ := http.NewRequestWithContext(ctx, "GET", s.front+"/api/v1/recordings/"+rec+"/video", nil)
		req.Header = s.header("Range", fmt.Sprintf("bytes=%d-%d", off, min(off+span, size)-1))
		return expect(hc, req, http.StatusPartialContent)
	}
}

// videoSize asks for the first byte of the playback copy and reads the total.
func videoSize(t *testing.T, s *setup, rec string) int64 {
	res, _ := s.api.do("GET", s.front+"/api/v1/recordings/"+rec+"/video", nil, map[string]string{"Range": "bytes=0-0"})
	_, total, _ := strings.Cut(res.Header.Get("Content-Range"), "/")
	n, err := strconv.ParseInt(total, 10, 64)
	if res.StatusCode != http.StatusPartialContent || err != nil || n < 1<<20 {
		t.Fatalf("the load test's film: %d, Content-Range %q", res.StatusCode, res.Header.Get("Content-Range"))
	}
	return n
}

// expect makes one request and reads the whole answer.
func expect(hc *http.Client, req *http.Request, want int) error {
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != want {
		err = fmt.Errorf("%s %s: %d %.200s", req.Method, req.URL.Path, res.StatusCode, b)
	}
	return err
}

// uploader gives each upload client its own tus upload of 32 MiB, sent
// 256 KiB per PATCH to whichever server the proxy picks; a finished one
// is replaced by a new one.
type uploader struct {
	s      *setup
	hc     *http.Client
	caseID string
	chunk  []byte
	states []upState
}

type upState struct {
	url       string
	off, size int64
}

func (u *uploader) patch(ctx context.Context, client int) error {
	st := &u.states[client]
	if st.url == "" || st.off >= st.size {
		url, err := u.create(ctx)
		if err != nil {
			return err
		}
		*st = upState{url: url, size: 32 << 20}
	}
	req, _ := http.NewRequestWithContext(ctx, "PATCH", st.url, bytes.NewReader(u.chunk))
	req.Header = u.s.header("Tus-Resumable", "1.0.0", "Content-Type", "application/offset+octet-stream",
		"Upload-Offset", strconv.FormatInt(st.off, 10))
	res, err := u.hc.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		return fmt.Errorf("PATCH: %d", res.StatusCode)
	}
	st.off, _ = strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	return nil
}

// create makes a new recording of 32 MiB and returns its upload's URL.
func (u *uploader) create(ctx context.Context) (string, error) {
	body := fmt.Sprintf(`{"filename":"load.mp4","size":%d}`, 32<<20)
	req, _ := http.NewRequestWithContext(ctx, "POST", u.s.front+"/api/v1/cases/"+u.caseID+"/recordings", strings.NewReader(body))
	req.Header = u.s.header("Content-Type", "application/json")
	res, err := u.hc.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var rec recording
	if err := json.NewDecoder(res.Body).Decode(&rec); err != nil || res.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("create a recording: %d %v", res.StatusCode, err)
	}
	return u.s.front + rec.UploadURL, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.NewChaCha8([32]byte{9}).Read(b)
	return b
}
