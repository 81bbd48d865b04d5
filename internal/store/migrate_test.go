package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Four servers starting at once on a new PostgreSQL database all come up:
// one migrates while the others wait for its lock.
func TestConcurrentStartsMigrateOnce(t *testing.T) {
	url, _ := storetest.NewPostgresDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db, err := store.Open(context.Background(), url, nil)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("server %d: %v", i, err)
		}
	}
}
