package jobs

import (
	"context"
	"time"
)

type waitedKey struct{}

// withWaited records in ctx how long the job waited between its enqueue
// (the time it became due) and the start of this attempt.
func withWaited(ctx context.Context, due time.Time) context.Context {
	return context.WithValue(ctx, waitedKey{}, time.Since(due))
}

// Waited is how long the job being worked under ctx waited for a worker
// (0 outside a job): the queue's share of what a person waits for.
func Waited(ctx context.Context) time.Duration {
	d, _ := ctx.Value(waitedKey{}).(time.Duration)
	return max(d, 0)
}
