package loadtest

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// TestStreamLoad measures video serving from the encrypted store against
// serving the same bytes unencrypted from a plain file, in the same run:
// time to first byte of Range requests at random offsets, and sequential
// throughput. ATTUNE_BENCH_STREAM_MB sets the file size (default 2048).
func TestStreamLoad(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("stream benchmark: set ATTUNE_BENCH=1 (scripts/bench.sh, make bench) to run it")
	}
	size := int64(envInt("ATTUNE_BENCH_STREAM_MB", 2048)) << 20
	in := apptest.Start(t, "")
	enc, plain, token := streamFixture(t, in, size)
	base := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := os.Open(plain)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer f.Close()
		w.Header().Set("Content-Type", "video/mp4")
		http.ServeContent(w, r, "", time.Time{}, f)
	}))
	defer base.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	const reads = 500
	encTTFB := rangeTTFB(t, client, enc, token, size, reads)
	rawTTFB := rangeTTFB(t, client, base.URL, "", size, reads)
	encMBs := sequential(t, client, enc, token, size)
	rawMBs := sequential(t, client, base.URL, "", size)
	out := benchOut(t)
	fmt.Fprintf(out, "attune stream: %d MiB recording, %d random 64 KiB Range reads, then one sequential read, %s\n", size>>20, reads, time.Now().Format(time.RFC3339))
	fmt.Fprintf(out, "%-26s %10s %10s %12s\n", "served from", "p50 TTFB", "p99 TTFB", "sequential")
	fmt.Fprintf(out, "%-26s %8.2fms %8.2fms %8.0f MB/s\n", "encrypted store (API)", pctMS(encTTFB, 50), pctMS(encTTFB, 99), encMBs)
	fmt.Fprintf(out, "%-26s %8.2fms %8.2fms %8.0f MB/s\n", "plain file (baseline)", pctMS(rawTTFB, 50), pctMS(rawTTFB, 99), rawMBs)
	fmt.Fprintf(out, "sequential throughput ratio encrypted/plain: %.2f (target >= 0.8); p99 TTFB target < 10 ms\n", encMBs/rawMBs)
}

// streamFixture stores size random bytes as a ready recording's playback file,
// and the same bytes as a plain file; it returns the video URL, the plain
// file's path and an API token.
func streamFixture(t *testing.T, in *apptest.Instance, size int64) (string, string, string) {
	ctx := context.Background()
	u, _ := in.User(t, "bench@example.org", domain.RolePractitioner, false)
	a := accounts.Actor{User: u}
	c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "BENCH"})
	if err != nil {
		t.Fatal(err)
	}
	in.FilmingConsent(t, a, c.ID)
	rec, err := in.Deps.Recordings.Create(ctx, a, c.ID, "bench.mp4", 1)
	if err != nil {
		t.Fatal(err)
	}
	src := func() io.Reader { return io.LimitReader(rand.NewChaCha8([32]byte{7}), size) }
	if _, err := in.Deps.Recordings.StoreFile(ctx, rec.ID, domain.FilePlayback, "video/mp4", src()); err != nil {
		t.Fatal(err)
	}
	rec.Status, rec.UploadKey = domain.RecordingReady, nil
	if err := in.Deps.DB.Update(ctx, func(tx *store.Tx) error { return tx.UpdateRecording(ctx, rec) }); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(t.TempDir(), "plain.mp4")
	f, err := os.Create(plain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, src()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return in.URL + "/api/v1/recordings/" + rec.ID + "/video", plain, in.Token(t, "bench@example.org")
}

func rangeTTFB(t *testing.T, c *http.Client, url, token string, size int64, n int) []time.Duration {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]time.Duration, 0, n)
	for range n {
		off := 1 + rng.Int64N(size-(64<<10)-1)
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Range", "bytes="+strconv.FormatInt(off, 10)+"-"+strconv.FormatInt(off+(64<<10)-1, 10))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		start := time.Now()
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		one := make([]byte, 1)
		_, err = io.ReadFull(res.Body, one)
		out = append(out, time.Since(start))
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusPartialContent {
			t.Fatalf("range read: %d %v", res.StatusCode, err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func sequential(t *testing.T, c *http.Client, url, token string, size int64) float64 {
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil || n != size {
		t.Fatalf("sequential read: %d of %d bytes, %v", n, size, err)
	}
	return float64(n) / 1e6 / time.Since(start).Seconds()
}

func pctMS(sorted []time.Duration, pct int) float64 {
	i := (len(sorted)*pct+99)/100 - 1
	return float64(sorted[max(i, 0)].Microseconds()) / 1000
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchOut writes to stdout and, when ATTUNE_BENCH_STREAM_OUT names a file, there too.
func benchOut(t *testing.T) io.Writer { return benchOutTo(t, "ATTUNE_BENCH_STREAM_OUT") }

// benchOutTo writes to stdout and, when the variable env names a file, there too.
func benchOutTo(t *testing.T, env string) io.Writer {
	path := os.Getenv(env)
	if path == "" {
		return os.Stdout
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return io.MultiWriter(os.Stdout, f)
}
