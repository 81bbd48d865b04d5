package questionnaires

import (
	"os"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestStartPageAlertsBench measures the start page's risk alerts
// (ATTUNE_BENCH=1) with 100 unacknowledged alerts: Alerts (each alert
// checked, described with its question and answer) against the store's bare
// list of the guider's open alerts, as a ratio measured in the same run.
func TestStartPageAlertsBench(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("start page alerts benchmark: set ATTUNE_BENCH=1 to run it")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		for range 100 {
			w.riskPHQ(t)
		}
		const n = 20
		bare := timeIt(n, func() {
			_ = db.View(ctx, func(tx *store.Tx) error { _, err := tx.OpenAlerts(ctx, w.owner.ID()); return err })
		})
		full := timeIt(n, func() {
			if got, err := w.svc.Alerts(ctx, w.owner); err != nil || len(got) != 100 {
				t.Fatalf("alerts: %d %v", len(got), err)
			}
		})
		t.Logf("100 alerts: Alerts %v per call, bare list %v: ratio %.1f", full, bare, float64(full)/float64(bare))
	})
}

func timeIt(n int, f func()) time.Duration {
	start := time.Now()
	for range n {
		f()
	}
	return time.Since(start) / time.Duration(n)
}
