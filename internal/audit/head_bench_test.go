package audit_test

import (
	"os"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestAuditHeadCostBench measures (ATTUNE_BENCH=1) what signing the head
// adds to each audit append: the two signatures (check the old head, sign
// the new one) against a whole append in the same run, on both databases.
func TestAuditHeadCostBench(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("audit head benchmark: set ATTUNE_BENCH=1 (make bench) to run it")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 300
		start := time.Now()
		write(t, db, n)
		appendEach := time.Since(start) / n
		h := store.AuditHead{Seq: 12345, Hash: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
		start = time.Now()
		for range n * 10 {
			storetest.Chain.Seal(store.HeadEntry(h))
			storetest.Chain.Seal(store.HeadEntry(h))
		}
		signing := time.Since(start) / (n * 10)
		t.Logf("audit append %v each; head signatures %v each (%.4f of an append)", appendEach, signing, float64(signing)/float64(appendEach))
	})
}
