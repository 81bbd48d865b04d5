package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/attune-vig/attune/internal/media"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn + 4}))

// newQueue makes a queue stopped when the test ends.
func newQueue(t *testing.T, db *store.DB, process ProcessFunc) *Queue {
	t.Helper()
	q, err := New(context.Background(), db, Options{Process: process, Work: process != nil, Logger: quiet})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { q.Stop(context.Background()) })
	return q
}

func start(t *testing.T, q *Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
}

func enqueue(t *testing.T, db *store.DB, q *Queue, id string) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *store.Tx) error { return q.EnqueueProcess(context.Background(), tx, id) })
	if err != nil {
		t.Fatalf("enqueue %s: %v", id, err)
	}
}

// jobs lists every job River holds but the wake job (wake.go).
func jobs(t *testing.T, q *Queue) []*rivertype.JobRow {
	t.Helper()
	res, err := q.client.JobList(context.Background(), river.NewJobListParams().First(100))
	if err != nil {
		t.Fatalf("JobList: %v", err)
	}
	var out []*rivertype.JobRow
	for _, j := range res.Jobs {
		if j.Kind != (wakeArgs{}).Kind() {
			out = append(out, j)
		}
	}
	return out
}

// waitJob waits until the only job is in state want and returns it.
func waitJob(t *testing.T, q *Queue, want rivertype.JobState, within time.Duration) *rivertype.JobRow {
	t.Helper()
	deadline := time.Now().Add(within)
	var last []*rivertype.JobRow
	for time.Now().Before(deadline) {
		last = jobs(t, q)
		if len(last) == 1 && last[0].State == want {
			return last[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no single job in state %s within %s; jobs: %s", want, within, describe(last))
	return nil
}

func describe(js []*rivertype.JobRow) string {
	s := ""
	for _, j := range js {
		s += fmt.Sprintf("[%d %s attempt %d errors %d] ", j.ID, j.State, j.Attempt, len(j.Errors))
	}
	return s
}

func TestProcessRunsAfterCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		got := make(chan string, 4)
		q := newQueue(t, db, func(ctx context.Context, id string) error { got <- id; return nil })
		start(t, q)
		enqueue(t, db, q, "rec-1")
		select {
		case id := <-got:
			if id != "rec-1" {
				t.Fatalf("processed %q, want rec-1", id)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("the job did not run within 15 s")
		}
		waitJob(t, q, rivertype.JobStateCompleted, 5*time.Second)
	})
}

func TestEnqueueRollsBackWithTheTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		q := newQueue(t, db, nil)
		boom := errors.New("the upload failed after all")
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			if err := q.EnqueueProcess(context.Background(), tx, "rec-1"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Update: %v", err)
		}
		if js := jobs(t, q); len(js) != 0 {
			t.Fatalf("a rolled-back enqueue left jobs: %s", describe(js))
		}
	})
}

func TestUniquePerRecordingWhilePending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		q := newQueue(t, db, nil) // insert-only: jobs stay pending
		enqueue(t, db, q, "rec-1")
		enqueue(t, db, q, "rec-1")
		enqueue(t, db, q, "rec-2")
		js := jobs(t, q)
		if len(js) != 2 {
			t.Fatalf("want one job per recording, got %s", describe(js))
		}
		for _, j := range js {
			if j.MaxAttempts != maxAttempts {
				t.Errorf("job %d: max attempts %d, want %d", j.ID, j.MaxAttempts, maxAttempts)
			}
		}
	})
}

func TestRejectedFileIsNotRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var calls atomic.Int32
		q := newQueue(t, db, func(ctx context.Context, id string) error {
			calls.Add(1)
			return fmt.Errorf("probe %s: %w", id, &media.RejectError{Reason: "it looks like a text file"})
		})
		start(t, q)
		enqueue(t, db, q, "rec-1")
		j := waitJob(t, q, rivertype.JobStateCancelled, 15*time.Second)
		if j.Attempt != 1 || calls.Load() != 1 {
			t.Fatalf("a rejected file ran %d times (attempt %d), want once", calls.Load(), j.Attempt)
		}
	})
}

func TestFailureIsRetriedWithBackoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		q := newQueue(t, db, func(ctx context.Context, id string) error { return errors.New("disk full") })
		start(t, q)
		enqueue(t, db, q, "rec-1")
		j := waitJob(t, q, rivertype.JobStateRetryable, 15*time.Second)
		if len(j.Errors) != j.Attempt || !j.ScheduledAt.After(j.Errors[len(j.Errors)-1].At) {
			t.Fatalf("want each attempt's error kept and a retry scheduled after the last; got attempt %d, errors %v, scheduled %s",
				j.Attempt, j.Errors, j.ScheduledAt)
		}
	})
}

// A job cut off by a shutdown is finished by the next process.
func TestJobSurvivesRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		running := make(chan struct{})
		first := newQueue(t, db, func(ctx context.Context, id string) error {
			close(running)
			<-ctx.Done()
			return ctx.Err()
		})
		start(t, first)
		enqueue(t, db, first, "rec-1")
		select {
		case <-running:
		case <-time.After(15 * time.Second):
			t.Fatal("the job did not start within 15 s")
		}
		stopCtx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		if err := first.Stop(stopCtx); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		done := make(chan string, 1)
		second := newQueue(t, db, func(ctx context.Context, id string) error { done <- id; return nil })
		start(t, second)
		waitJob(t, second, rivertype.JobStateCompleted, 30*time.Second)
		if id := <-done; id != "rec-1" {
			t.Fatalf("the second queue processed %q, want rec-1", id)
		}
	})
}
