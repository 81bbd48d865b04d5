package chaos_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/proctest"
	"github.com/attune-vig/attune/internal/store"
)

func TestChaos(t *testing.T) {
	needFFmpeg(t)
	kills, seed := envInt("ATTUNE_CHAOS_KILLS", 6), envInt("ATTUNE_CHAOS_SEED", 1)
	began := time.Now()
	bin := proctest.Build(t)
	t.Logf("built attune in %s", time.Since(began).Round(time.Millisecond))
	root := t.TempDir()
	if keep := os.Getenv("ATTUNE_CHAOS_KEEP"); keep != "" { // keep the data and logs to look at
		root = keep
	}
	data := filepath.Join(root, "data")
	cli(t, bin, data, "a long and careful pass phrase 7\n", "user", "add", "--email", "guide@example.org", "--name", "Guide", "--role", "practitioner")
	token := proctest.Token(t, bin, nil, "--email", "guide@example.org", "--data", data)
	addr := proctest.FreeAddr(t)
	srv := proctest.Serve(t, bin, data, addr)
	defer func() { srv.Kill() }()
	c := &client{&proctest.Client{Base: "http://" + addr, Token: token, HTTP: &http.Client{Timeout: 30 * time.Second}}}
	caseID := filmingCase(t, c)
	videos := [][]byte{video(t, 2), video(t, 3), video(t, 4)}
	a := &acks{recordings: map[string][]byte{}}
	upload(t, c, a, caseID, videos[:1])
	first := onlyKey(a.recordings)
	frames := waitReady(t, c, first, time.Minute)
	t.Logf("first film ready at %s", time.Since(began).Round(time.Millisecond))

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { makeCases(c, a, stop) })
	wg.Go(func() { annotate(c, a, first, frames, stop) })
	wg.Go(func() { upload(t, c, a, caseID, videos[1:]) })
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	for i := range kills {
		time.Sleep(time.Duration(150+rng.IntN(1200)) * time.Millisecond)
		srv.Kill()
		srv = proctest.Serve(t, bin, data, addr)
		if i%25 == 24 {
			t.Logf("%d kills", i+1)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d kills (seed %d): %d cases, %d annotations and %d uploads acknowledged", kills, seed, len(a.cases), len(a.annotations), len(a.recordings))
	checkAcked(t, c, a, first)
	for id := range a.recordings {
		if !tryReady(c, id, 4*time.Minute) { // a killed job comes back once its heartbeat is silent (ATTUNE_JOB_STALL)
			srv.Stop()
			t.Fatalf("recording %s is not ready 4 minutes after the last kill; its jobs:\n%s\nlogs: %s", id, jobsOf(t, data, id), filepath.Join(data, "..", "serve.log"))
		}
	}
	t.Logf("every film ready at %s", time.Since(began).Round(time.Millisecond))
	srv.Stop()
	checkOriginals(t, data, a.recordings)
	if out := cli(t, bin, data, "", "audit", "verify"); !strings.Contains(out, "intact") {
		t.Errorf("audit verify after the kills: %s", out)
	}
}

func filmingCase(t *testing.T, c *client) string {
	t.Helper()
	var cs struct{ ID string }
	if s, err := c.JSON("POST", "/api/v1/cases", map[string]any{"reference": "CHAOS-1"}, &cs); err != nil || s != 201 {
		t.Fatalf("create the case: %d %v", s, err)
	}
	consent := map[string]any{"purposes": []string{"filming"}, "given_by": "Ann (mother)", "signature": "Ann", "wording_version": "1"}
	if s, err := c.JSON("POST", "/api/v1/cases/"+cs.ID+"/consents", consent, nil); err != nil || s != 201 {
		t.Fatalf("record consent: %d %v", s, err)
	}
	return cs.ID
}

// waitReady waits for a recording to be ready and returns its frame count.
func waitReady(t *testing.T, c *client, id string, within time.Duration) int {
	t.Helper()
	var r struct {
		Status     string `json:"status"`
		Error      string `json:"error"`
		FrameCount int    `json:"frame_count"`
	}
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if s, err := c.JSON("GET", "/api/v1/recordings/"+id, nil, &r); err == nil && s == 200 && (r.Status == "ready" || r.Status == "failed") {
			break
		}
	}
	if r.Status != "ready" {
		t.Fatalf("recording %s is %q (%s) after %s, want ready", id, r.Status, r.Error, within)
	}
	return r.FrameCount
}

// checkAcked: everything the API acknowledged is there.
func checkAcked(t *testing.T, c *client, a *acks, rec string) {
	t.Helper()
	for _, e := range a.offsetErrs {
		t.Errorf("an upload lost acknowledged bytes: %s", e)
	}
	for _, id := range a.cases {
		if s, err := c.JSON("GET", "/api/v1/cases/"+id, nil, nil); err != nil || s != 200 {
			t.Errorf("acknowledged case %s: %d %v", id, s, err)
		}
	}
	var list struct{ Annotations []struct{ ID string } }
	if s, err := c.JSON("GET", "/api/v1/recordings/"+rec+"/annotations", nil, &list); err != nil || s != 200 {
		t.Fatalf("list the annotations: %d %v", s, err)
	}
	have := map[string]bool{}
	for _, an := range list.Annotations {
		have[an.ID] = true
	}
	for _, id := range a.annotations {
		if !have[id] {
			t.Errorf("acknowledged annotation %s is missing", id)
		}
	}
}

// checkOriginals decrypts each stored original and compares it with the
// bytes sent.
func checkOriginals(t *testing.T, data string, sent map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	d, err := app.OpenForTest(ctx, data, "", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for id, want := range sent {
		var info *domain.StoredFile
		if err := d.DB.View(ctx, func(tx *store.Tx) (err error) {
			info, err = tx.FileOfKind(ctx, id, domain.FileOriginal)
			return err
		}); err != nil {
			t.Errorf("recording %s has no original: %v", id, err)
			continue
		}
		f, err := d.Recordings.OpenStored(ctx, info)
		if err != nil {
			t.Errorf("open the original of %s: %v", id, err)
			continue
		}
		got, err := io.ReadAll(f)
		f.Close()
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("the original of %s: %d bytes (%v), want the %d bytes sent, identical", id, len(got), err, len(want))
		}
	}
}

func video(t *testing.T, seconds int) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "v.mp4")
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency="+strconv.Itoa(300+100*seconds),
		"-t", strconv.Itoa(seconds), "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func needFFmpeg(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err == nil {
		return
	}
	if os.Getenv("CI") == "true" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
		t.Fatal("ffmpeg is not installed: apt-get install ffmpeg")
	}
	t.Skip("ffmpeg is not installed: apt-get install ffmpeg")
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n >= 0 {
		return n
	}
	return def
}

func onlyKey(m map[string][]byte) string {
	for k := range m {
		return k
	}
	return ""
}

// tryReady polls a recording until it is ready, or the time is up.
func tryReady(c *client, id string, within time.Duration) bool {
	var r struct{ Status string }
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if s, err := c.JSON("GET", "/api/v1/recordings/"+id, nil, &r); err == nil && s == 200 && r.Status == "ready" {
			return true
		}
	}
	return false
}

// jobsOf lists the queue's jobs about a recording, for the failure message.
func jobsOf(t *testing.T, data, id string) string {
	d, err := app.OpenForTest(context.Background(), data, "", io.Discard)
	if err != nil {
		return err.Error()
	}
	defer d.Close()
	rows, err := d.DB.Raw().Query(`SELECT id, kind, state, attempt, errors FROM river_job WHERE args LIKE '%' || ? || '%'`, id)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var jid, attempt int64
		var kind, state string
		var errs []byte
		rows.Scan(&jid, &kind, &state, &attempt, &errs)
		fmt.Fprintf(&b, "job %d %s %s attempt %d errors %.600s\n", jid, kind, state, attempt, errs)
	}
	return b.String()
}
