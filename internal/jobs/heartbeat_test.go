package jobs

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func heartbeats(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.Raw().QueryRow(`SELECT COUNT(*) FROM job_heartbeats`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A job works with a heartbeat on record, which is gone when it ends.
func TestJobsBeatWhileWorking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var during atomic.Int64
		q := newQueue(t, db, func(ctx context.Context, id string) error {
			during.Store(int64(heartbeats(t, db)))
			return nil
		})
		start(t, q)
		enqueue(t, db, q, "rec-1")
		waitJob(t, q, rivertype.JobStateCompleted, 10*time.Second)
		if during.Load() != 1 {
			t.Errorf("while working, %d heartbeats were on record, want 1", during.Load())
		}
		if n := heartbeats(t, db); n != 0 {
			t.Errorf("after the job, %d heartbeats remain", n)
		}
	})
}

// A job left "running" by a process that died (its heartbeat stopped) goes
// back to the queue and is worked, long before River's own rescue; one
// whose heartbeat is fresh is left alone.
func TestStalledJobIsHandedBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		inserter := newQueue(t, db, nil)
		enqueue(t, db, inserter, "rec-dead")
		job := jobs(t, inserter)[0]
		// What a process killed mid-job leaves behind.
		stmt := `UPDATE river_job SET state = 'running', attempt = 1 WHERE id = ?`
		if db.Dialect() == store.Postgres {
			stmt = strings.Replace(stmt, "?", "$1", 1)
		}
		if _, err := db.Raw().Exec(stmt, job.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.Beat(ctx, job.ID, time.Now().Add(-5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if ids, err := db.RescueStalled(ctx, time.Now().Add(-10*time.Minute)); err != nil || len(ids) != 0 {
			t.Fatalf("with a threshold before the last beat: %v %v", ids, err)
		}
		ids, err := db.RescueStalled(ctx, time.Now().Add(-stalledAfter))
		if err != nil || len(ids) != 1 || ids[0] != job.ID {
			t.Fatalf("rescue: %v %v, want job %d", ids, err, job.ID)
		}
		var worked atomic.Int32
		q := newQueue(t, db, func(ctx context.Context, id string) error { worked.Add(1); return nil })
		start(t, q)
		done := waitJob(t, q, rivertype.JobStateCompleted, 10*time.Second)
		if worked.Load() != 1 || done.Attempt != 2 {
			t.Errorf("the handed-back job ran %d times, attempt %d; want once more, as attempt 2", worked.Load(), done.Attempt)
		}
	})
}

// A job taken by a process that died before its first heartbeat is handed
// back once it has been seen silent for a stall period.
func TestJobWithoutHeartbeatIsHandedBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		inserter := newQueue(t, db, nil)
		enqueue(t, db, inserter, "rec-silent")
		job := jobs(t, inserter)[0]
		stmt := `UPDATE river_job SET state = 'running', attempt = 1 WHERE id = ?`
		if db.Dialect() == store.Postgres {
			stmt = strings.Replace(stmt, "?", "$1", 1)
		}
		if _, err := db.Raw().Exec(stmt, job.ID); err != nil {
			t.Fatal(err)
		}
		r := &rescuer{db: db, stall: time.Minute, unbeating: map[int64]time.Time{}}
		now := time.Now()
		if ids, err := r.once(ctx, now); err != nil || len(ids) != 0 {
			t.Fatalf("first sight of a silent job: handed back %v (%v), want none yet", ids, err)
		}
		if ids, _ := r.once(ctx, now.Add(30*time.Second)); len(ids) != 0 {
			t.Fatalf("half a stall period later: handed back %v, want none yet", ids)
		}
		if ids, err := r.once(ctx, now.Add(time.Minute)); err != nil || len(ids) != 1 || ids[0] != job.ID {
			t.Fatalf("a stall period later: handed back %v (%v), want job %d", ids, err, job.ID)
		}
		if got := jobs(t, inserter)[0]; got.State != rivertype.JobStateAvailable {
			t.Errorf("the job is %s, want available", got.State)
		}
	})
}
