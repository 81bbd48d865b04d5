package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestEnqueueWakesWorker: with the poll set to a minute, jobs enqueued in a
// transaction still start as soon as it commits (the wake), one after the
// other, and waking adds no rows after the first wake job.
func TestEnqueueWakesWorker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		started := make(chan string, 3)
		q, err := New(context.Background(), db, Options{Work: true, Logger: quiet, PollInterval: time.Minute,
			Process: func(_ context.Context, id string) error { started <- id; return nil }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Stop(context.Background()) })
		start(t, q)
		time.Sleep(300 * time.Millisecond) // past the first fetch a start makes anyway
		for _, id := range []string{"r1", "r2", "r3"} {
			enqueue(t, db, q, id)
			select {
			case got := <-started:
				if got != id {
					t.Fatalf("started %s, want %s", got, id)
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("job %s did not start within 20 s of its enqueue (the poll is a minute away)", id)
			}
		}
		res, err := q.client.JobList(context.Background(), river.NewJobListParams().Kinds("wake").First(10))
		if err != nil || len(res.Jobs) != 1 {
			t.Fatalf("%d wake jobs after three enqueues (%v), want 1", len(res.Jobs), err)
		}
	})
}

// TestRolledBackEnqueueWakesNothing: a transaction that rolls back leaves
// no job and no wake.
func TestRolledBackEnqueueWakesNothing(t *testing.T) {
	db := storetest.SQLite(t)
	q := newQueue(t, db, func(context.Context, string) error { return nil })
	errBack := context.Canceled
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		if err := q.EnqueueProcess(context.Background(), tx, "gone"); err != nil {
			return err
		}
		return errBack
	})
	if err != errBack {
		t.Fatalf("update: %v", err)
	}
	res, err := q.client.JobList(context.Background(), river.NewJobListParams().First(10))
	if err != nil || len(res.Jobs) != 0 {
		t.Fatalf("%d jobs after a rolled back enqueue (%v), want none", len(res.Jobs), err)
	}
}
