package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/attune-vig/attune/internal/store"
)

// Waking the worker of this process the moment a job is enqueued.
//
// Jobs are inserted inside the caller's transaction, and River without
// LISTEN/NOTIFY (SQLite, and database/sql on PostgreSQL) learns of such a
// job only at its next poll (every second): a clip asked for waited half a
// second on average before anything ran. River does wake its own worker
// at once for a job inserted outside a transaction, so when a transaction
// that enqueued a job commits, the queue inserts a wake job outside it. The
// wake job is unique in every state: after the first one the insert finds
// the existing row and adds nothing, and River still wakes the worker,
// which then takes the waiting job. Other processes' workers still find it
// at their next poll.

// wakeArgs is the job "look for work now"; it does nothing itself.
type wakeArgs struct{}

func (wakeArgs) Kind() string { return "wake" }

// InsertOpts: unique whatever its state, so waking never adds a row once
// the first wake job exists (River removes it a day after it ran).
func (wakeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStateCancelled, rivertype.JobStateCompleted, rivertype.JobStateDiscarded,
		rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled,
	}}}
}

type wakeWorker struct {
	river.WorkerDefaults[wakeArgs]
}

func (wakeWorker) Work(context.Context, *river.Job[wakeArgs]) error { return nil }

// wakeTimeout bounds the wake insert (a poll finds the job anyway).
const wakeTimeout = 5 * time.Second

// wakeAfter wakes this process's worker when tx commits; a queue that
// works no jobs has no worker to wake.
func (q *Queue) wakeAfter(tx *store.Tx) {
	if q.working {
		tx.AfterCommit(q.wake)
	}
}

// wakeAgain is a little over River's fetch cooldown (100 ms by default):
// River wakes the worker at most once per cooldown, so a job committed just
// after another's wake would wait for the next poll. A second wake past the
// cooldown reaches it (the insert adds no row; the worker finds nothing
// more when there is nothing).
const wakeAgain = 150 * time.Millisecond

func (q *Queue) wake() {
	q.wakeNow()
	time.AfterFunc(wakeAgain, q.wakeNow)
}

func (q *Queue) wakeNow() {
	ctx, cancel := context.WithTimeout(context.Background(), wakeTimeout)
	defer cancel()
	if _, err := q.client.Insert(ctx, wakeArgs{}, nil); err != nil && ctx.Err() == nil {
		q.logger.Warn("waking the job worker failed; the job starts at the next poll", "err", err)
	}
}
