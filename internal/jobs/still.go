package jobs

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/attune-vig/attune/internal/store"
)

// StillFunc decodes one still (processing.Processor.Still).
type StillFunc func(ctx context.Context, stillID string) error

// stillArgs is the job "decode this still's frame from the original".
type stillArgs struct {
	StillID string `json:"still_id" river:"unique"`
}

func (stillArgs) Kind() string { return "make_still" }

// InsertOpts: one pending job per still.
func (stillArgs) InsertOpts() river.InsertOpts { return processArgs{}.InsertOpts() }

// EnqueueStill asks for a still to be decoded, inside the caller's
// transaction: the job exists exactly when the still's row does.
func (q *Queue) EnqueueStill(ctx context.Context, tx *store.Tx, stillID string) error {
	if _, err := q.client.InsertTx(ctx, tx.SQL(), stillArgs{StillID: stillID}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue still %s: %w", stillID, err)
	}
	q.wakeAfter(tx)
	return nil
}

// addStillWorker registers the still worker (also on an insert-only queue,
// so inserts are checked against a known kind).
func addStillWorker(workers *river.Workers, opts Options, logger *slog.Logger) {
	river.AddWorker(workers, &stillWorker{still: opts.Still, giveUp: opts.StillGiveUp, logger: logger})
}

type stillWorker struct {
	river.WorkerDefaults[stillArgs]
	still  StillFunc
	giveUp GiveUpFunc
	logger *slog.Logger
}

// Work runs the StillFunc; after the last failed attempt the still is
// marked failed through giveUp.
func (w *stillWorker) Work(ctx context.Context, job *river.Job[stillArgs]) error {
	if w.still == nil {
		return fmt.Errorf("jobs: this process cannot decode stills (no Options.Still)")
	}
	err := w.still(ctx, job.Args.StillID)
	if err != nil && job.Attempt >= job.MaxAttempts && w.giveUp != nil {
		w.logger.ErrorContext(ctx, "decoding a still failed for the last time", "still", job.Args.StillID, "err", err)
		w.giveUp(context.WithoutCancel(ctx), job.Args.StillID, err)
		return err
	}
	if err != nil {
		w.logger.WarnContext(ctx, "decoding a still failed; River will retry", "still", job.Args.StillID, "attempt", job.Attempt, "err", err)
	}
	return err
}
