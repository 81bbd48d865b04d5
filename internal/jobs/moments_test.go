package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/store/storetest"
)

// A recording processed successfully is handed to the moment finder next,
// by a job of its own.
func TestMomentsAfterProcessing(t *testing.T) {
	db := storetest.SQLite(t)
	found := make(chan string, 1)
	q, err := New(context.Background(), db, Options{Work: true, Logger: quiet,
		Process: func(ctx context.Context, id string) error { return nil },
		Moments: func(ctx context.Context, id string) error { found <- id; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Stop(context.Background()) })
	start(t, q)
	enqueue(t, db, q, "r1")
	select {
	case id := <-found:
		if id != "r1" {
			t.Fatalf("moment finder ran for %q, want r1", id)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the moment finder never ran; jobs: %s", describe(jobs(t, q)))
	}
}
