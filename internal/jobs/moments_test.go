package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/store/storetest"
)

// A recording processed successfully is handed to the moment finder next,
// by a job of its own, when wanted (r2's family did not consent).
func TestMomentsAfterProcessing(t *testing.T) {
	db := storetest.SQLite(t)
	found := make(chan string, 1)
	q, err := New(context.Background(), db, Options{Work: true, Logger: quiet,
		Process:       func(ctx context.Context, id string) error { return nil },
		Moments:       func(ctx context.Context, id string) error { found <- id; return nil },
		MomentsWanted: func(ctx context.Context, id string) (bool, error) { return id == "r1", nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Stop(context.Background()) })
	start(t, q)
	enqueue(t, db, q, "r2")
	enqueue(t, db, q, "r1")
	select {
	case id := <-found:
		if id != "r1" {
			t.Fatalf("moment finder ran for %q, want r1", id)
		}
		time.Sleep(200 * time.Millisecond)
		for _, j := range jobs(t, q) {
			if j.Kind == "find_moments" && strings.Contains(string(j.EncodedArgs), "r2") {
				t.Fatalf("a moment finder job for r2, whose family did not consent")
			}
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the moment finder never ran; jobs: %s", describe(jobs(t, q)))
	}
}
