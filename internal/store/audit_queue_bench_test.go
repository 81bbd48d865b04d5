package store_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestAuditedWriteLoad (ATTUNE_BENCH=1, PostgreSQL): audited transactions
// from 50 and 200 writers at once for ATTUNE_BENCH_SECONDS (default 5), with
// every entry appended under the head's row lock (as before the queue) and
// with the queue and its sequencer, in the same run; then the chain is
// verified. Writes the table to ATTUNE_BENCH_AUDITQ_OUT as well.
func TestAuditedWriteLoad(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("audited write bench: set ATTUNE_BENCH=1 (make bench) to run it")
	}
	dur := 5 * time.Second
	if s := os.Getenv("ATTUNE_BENCH_SECONDS"); s != "" {
		if d, err := time.ParseDuration(s + "s"); err == nil {
			dur = d
		}
	}
	out := io.Writer(os.Stdout)
	if path := os.Getenv("ATTUNE_BENCH_AUDITQ_OUT"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = io.MultiWriter(os.Stdout, f)
	}
	fmt.Fprintf(out, "attune audited writes on PostgreSQL: %v per row, %s\n", dur, time.Now().Format(time.RFC3339))
	fmt.Fprintln(out, "writers  audit                      commits      tx/s   p50(ms)   p99(ms)  tx/s ÷ head lock  verified")
	for _, writers := range []int{50, 200} {
		var base float64
		for _, queued := range []bool{false, true} {
			url, _ := storetest.NewPostgresDatabase(t)
			db, err := store.Open(context.Background(), url, storetest.Chain.Seal)
			if err != nil {
				t.Fatal(err)
			}
			name := "under the head's row lock"
			if queued {
				db.SealAuditInBatches()
				name = "queued, sealed in batches"
			}
			n, rate, p50, p99 := auditedWrites(t, db, writers, dur)
			if !queued {
				base = rate
			}
			r, err := storetest.Chain.Verify(context.Background(), db)
			verified := fmt.Sprintf("%d entries intact", r.Entries)
			if err != nil || !r.Intact() || r.Entries != int64(n) {
				t.Errorf("%d writers, %s: %d committed, verify %+v %v", writers, name, n, r, err)
				verified = "FAILED"
			}
			fmt.Fprintf(out, "%7d  %-25s %8d %9.0f %9.2f %9.2f %17.2f  %s\n", writers, name, n, rate,
				float64(p50)/1e6, float64(p99)/1e6, rate/base, verified)
			db.Close() // the server's connections are shared with other work
		}
	}
}

// auditedWrites runs writers goroutines committing one audited transaction
// after another for dur; it returns the commits, their rate and latencies.
func auditedWrites(t *testing.T, db *store.DB, writers int, dur time.Duration) (int, float64, time.Duration, time.Duration) {
	ctx := context.Background()
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	start := time.Now()
	stop := start.Add(dur)
	for w := range writers {
		wg.Go(func() {
			for i := 0; time.Now().Before(stop); i++ {
				began := time.Now()
				err := db.Update(ctx, func(tx *store.Tx) error {
					return tx.Audit(ctx, domain.AuditEntry{ActorID: fmt.Sprint("u", w), Action: "annotation.create", ObjectID: fmt.Sprint(w, "-", i)})
				})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				lat = append(lat, time.Since(began))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	if len(lat) == 0 {
		return 0, 0, 0, 0
	}
	return len(lat), float64(len(lat)) / elapsed.Seconds(), lat[len(lat)/2], lat[len(lat)*99/100]
}
