package jobs

import (
	"context"
	"sync"
	"testing"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Several servers starting at once on a new PostgreSQL database each run
// River's migrations; one does the work, the others wait and find nothing
// left to do. Every one of them must start.
func TestRiverMigrationsRunOnceAcrossProcesses(t *testing.T) {
	url, _ := storetest.NewPostgresDatabase(t)
	const servers = 6
	dbs := make([]*store.DB, servers)
	for i := range dbs {
		db, err := store.Open(context.Background(), url, storetest.Chain.Seal)
		if err != nil {
			t.Fatalf("open server %d: %v", i, err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	var wg sync.WaitGroup
	errs := make([]error, servers)
	start := make(chan struct{})
	for i, db := range dbs {
		wg.Go(func() {
			<-start
			q, err := New(context.Background(), db, Options{Logger: quiet})
			if err == nil {
				q.Stop(context.Background())
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("server %d could not start its job queue: %v", i, err)
		}
	}
}
