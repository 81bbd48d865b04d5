package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// hardStopGrace is how long Stop waits for cancelled jobs to hand back.
const hardStopGrace = 15 * time.Second

// Start begins working jobs (a no-op fetch loop for an insert-only queue).
// Cancelling ctx later stops the queue as Stop would.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start the queue: %w", err)
	}
	if q.rescuer != nil {
		rctx, cancel := context.WithCancel(ctx)
		q.stopRescue = cancel
		go q.rescuer(rctx)
	}
	return nil
}

// Stop lets running jobs finish until ctx ends, then cancels them: a
// cancelled job is retried later, by this process after a restart or by
// another worker. Stop releases the queue; it cannot be started again.
func (q *Queue) Stop(ctx context.Context) error {
	if q.stopRescue != nil {
		q.stopRescue()
	}
	err := q.client.Stop(ctx)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), hardStopGrace)
		defer cancel()
		err = q.client.StopAndCancel(hard)
	}
	if e := q.release(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("jobs: stop the queue: %w", err)
	}
	return nil
}
