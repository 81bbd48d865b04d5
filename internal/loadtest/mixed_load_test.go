package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestMixedLoad: people doing different things at once — caseload pages,
// annotation saves in the workspace, video range reads, upload PATCHes — a
// quarter of the users each, at 10, 50, 100 and 200 users, on SQLite and
// PostgreSQL. ATTUNE_BENCH_USERS="10,50" picks the levels.
func TestMixedLoad(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("load test: set ATTUNE_BENCH=1 (make bench) to run it")
	}
	levels := userLevels(t)
	dur := benchSeconds(t)
	out := io.Writer(os.Stdout)
	if path := os.Getenv("ATTUNE_BENCH_MIXED_OUT"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = io.MultiWriter(os.Stdout, f)
	}
	fmt.Fprintf(out, "attune mixed load: %v per level after 1 s warm-up, a quarter of the users on each kind, %s\n", dur, time.Now().Format(time.RFC3339))
	fmt.Fprintln(out, "backend   users kind          requests      rps   p50(ms)   p99(ms)  errors")
	t.Run("sqlite", func(t *testing.T) { mixedBackend(t, out, "sqlite", "", levels, dur) })
	t.Run("postgres", func(t *testing.T) {
		url, _ := storetest.NewPostgresDatabase(t)
		mixedBackend(t, out, "postgres", url, levels, dur)
	})
}

func userLevels(t *testing.T) []int {
	levels, err := Levels()
	if err != nil {
		t.Fatal(err)
	}
	return levels
}

// kind is one sort of traffic: its name and a request.
type kind struct {
	name string
	do   func(ctx context.Context, client int) error
}

func mixedBackend(t *testing.T, out io.Writer, backend, databaseURL string, levels []int, dur time.Duration) {
	in := apptest.Start(t, databaseURL)
	most := levels[len(levels)-1]
	f := newFixture(t, in, most/4+1)
	rec, tok := benchRecording(t, in, "coder@example.org")
	video, _, vtok := streamFixture(t, in, 64<<20)
	up := newUploads(t, in)
	api := NewClient(most, 30*time.Second)
	for _, n := range levels {
		kinds := []kind{
			{"caseload page", f.request(in.URL+"/", false)},
			{"annotation save", annotationSave(api, in.URL, rec, tok)},
			{"video range", rangeRead(api, video, vtok, 64<<20)},
			{"upload PATCH", up.patch(api, n/4)},
		}
		results := make([]Result, len(kinds))
		var wg sync.WaitGroup
		for i, k := range kinds {
			wg.Go(func() {
				results[i] = Run(context.Background(), Config{Clients: n / 4, Duration: dur, Warmup: time.Second}, k.do)
			})
		}
		wg.Wait()
		for i, k := range kinds {
			r := results[i]
			fmt.Fprintf(out, "%-9s %5d %-15s %8d %8.0f %9.2f %9.2f %7d\n", backend, n, k.name, r.Requests, r.RPS, ms(r.P50), ms(r.P99), r.Errors)
			if r.Errors > 0 {
				t.Errorf("%s, %d users, %s: %d of %d failed, first: %v", backend, n, k.name, r.Errors, r.Requests, r.FirstErr)
			}
		}
	}
}

func annotationSave(c *http.Client, base, rec, token string) func(context.Context, int) error {
	h := http.Header{"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}}
	return func(ctx context.Context, client int) error {
		body := fmt.Sprintf(`{"start_frame":%d,"code":"guiding","note":"load"}`, rand.IntN(benchFrames))
		return call(ctx, c, "POST", base+"/api/v1/recordings/"+rec+"/annotations", h, []byte(body), http.StatusCreated)
	}
}

func rangeRead(c *http.Client, url, token string, size int64) func(context.Context, int) error {
	return func(ctx context.Context, client int) error {
		off := rand.Int64N(size - (256 << 10))
		h := http.Header{"Authorization": {"Bearer " + token}, "Range": {fmt.Sprintf("bytes=%d-%d", off, off+(256<<10)-1)}}
		return call(ctx, c, "GET", url, h, nil, http.StatusPartialContent)
	}
}

// call makes one request and reads the whole answer.
func call(ctx context.Context, c *http.Client, method, url string, h http.Header, body []byte, want int) error {
	req, _ := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	req.Header = h
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != want {
		err = fmt.Errorf("%s %s: %d %.200s", method, url, res.StatusCode, b)
	}
	return err
}

// uploads gives each upload client its own tus upload of 32 MiB, sent
// 256 KiB per PATCH; a finished one is replaced by a new one.
type uploads struct {
	t      *testing.T
	in     *apptest.Instance
	actor  accounts.Actor
	caseID string
	token  string
	chunk  []byte
}

func newUploads(t *testing.T, in *apptest.Instance) *uploads {
	u, _ := in.User(t, "uploader@example.org", domain.RolePractitioner, false)
	a := accounts.Actor{User: u}
	c, err := in.Deps.Cases.Create(context.Background(), a, casework.Input{Reference: "UPLOADS"})
	if err != nil {
		t.Fatal(err)
	}
	in.FilmingConsent(t, a, c.ID)
	chunk := make([]byte, 256<<10)
	rand.NewChaCha8([32]byte{9}).Read(chunk)
	return &uploads{t: t, in: in, actor: a, caseID: c.ID, token: in.Token(t, "uploader@example.org"), chunk: chunk}
}

type upState struct {
	url       string
	off, size int64
}

func (u *uploads) patch(c *http.Client, clients int) func(context.Context, int) error {
	states := make([]upState, clients)
	return func(ctx context.Context, client int) error {
		s := &states[client]
		if s.url == "" || s.off >= s.size {
			r, err := u.in.Deps.Recordings.Create(ctx, u.actor, u.caseID, "load.mp4", 32<<20)
			if err != nil {
				return err
			}
			*s = upState{url: u.in.URL + "/api/v1/uploads/" + r.ID, size: 32 << 20}
		}
		h := http.Header{"Authorization": {"Bearer " + u.token}, "Tus-Resumable": {"1.0.0"},
			"Content-Type": {"application/offset+octet-stream"}, "Upload-Offset": {strconv.FormatInt(s.off, 10)}}
		req, _ := http.NewRequestWithContext(ctx, "PATCH", s.url, bytes.NewReader(u.chunk))
		req.Header = h
		res, err := c.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			return fmt.Errorf("PATCH: %d", res.StatusCode)
		}
		s.off, _ = strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
		return nil
	}
}
