package loadtest

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestViewAuditLoad measures what auditing viewings costs video playback:
// random 64 KiB Range reads by 8 clients, with the viewing audit on against
// off (toggled on the same server, in alternating rounds), on the default
// window (one entry per viewer and window) and with no window (an entry per
// request, the worst case), on SQLite and PostgreSQL.
// ATTUNE_BENCH_AUDIT_SECONDS sets each measured phase (default 3).
func TestViewAuditLoad(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("view audit benchmark: set ATTUNE_BENCH=1 (scripts/bench.sh, make bench) to run it")
	}
	phase := time.Duration(envInt("ATTUNE_BENCH_AUDIT_SECONDS", 3)) * time.Second
	out := benchOutTo(t, "ATTUNE_BENCH_AUDIT_OUT")
	fmt.Fprintf(out, "attune view audit: 8 clients, random 64 KiB Range reads of one recording, %s per phase, 3 rounds, %s\n", phase, time.Now().Format(time.RFC3339))
	fmt.Fprintf(out, "%-10s %-22s %12s %12s %8s\n", "database", "window", "audit off", "audit on", "on/off")
	for _, db := range []string{"sqlite", "postgres"} {
		for _, w := range []struct {
			name   string
			window time.Duration
		}{{"10m (default)", 10 * time.Minute}, {"0 (every request)", 0}} {
			url := ""
			if db == "postgres" {
				url, _ = storetest.NewPostgresDatabase(t)
			}
			in := apptest.StartWith(t, url, func(c *config.Config) { c.AuditViewWindow = w.window })
			video, _, token := streamFixture(t, in, 64<<20)
			var off, on float64
			for range 3 {
				in.Server.AuditViewsForBench(false)
				off += rangeRate(t, video, token, 64<<20, phase)
				in.Server.AuditViewsForBench(true)
				on += rangeRate(t, video, token, 64<<20, phase)
			}
			fmt.Fprintf(out, "%-10s %-22s %8.0f r/s %8.0f r/s %8.2f\n", db, w.name, off/3, on/3, on/off)
		}
	}
}

// rangeRate is the Range requests per second 8 clients complete in d.
func rangeRate(t *testing.T, url, token string, size int64, d time.Duration) float64 {
	var done atomic.Int64
	var failed atomic.Value
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			rng := rand.New(rand.NewPCG(uint64(i), 3))
			for time.Now().Before(stop) {
				if err := auditRangeRead(c, url, token, rng.Int64N(size-(64<<10))); err != nil {
					failed.Store(err)
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		t.Fatal(err)
	}
	return float64(done.Load()) / d.Seconds()
}

func auditRangeRead(c *http.Client, url, token string, off int64) error {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Range", "bytes="+strconv.FormatInt(off, 10)+"-"+strconv.FormatInt(off+(64<<10)-1, 10))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil || res.StatusCode != http.StatusPartialContent || n != 64<<10 {
		return fmt.Errorf("range read: status %d, %d bytes, %v", res.StatusCode, n, err)
	}
	return nil
}
