package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/attune-vig/attune/internal/store"
)

// MomentsFunc runs the moment finder on one recording
// (processing.Processor.Moments).
type MomentsFunc func(ctx context.Context, recordingID string) error

// momentsArgs is the job "find the moments in this recording's sound",
// added when processing a recording succeeds; it does nothing where the
// family has not consented to analysis.
type momentsArgs struct {
	RecordingID string `json:"recording_id" river:"unique"`
}

func (momentsArgs) Kind() string { return "find_moments" }

// InsertOpts: one pending job per recording.
func (momentsArgs) InsertOpts() river.InsertOpts { return processArgs{}.InsertOpts() }

// EnqueueMoments asks for a recording's moments to be found again (consent
// to analysis given after processing), inside the caller's transaction.
func (q *Queue) EnqueueMoments(ctx context.Context, tx *store.Tx, recordingID string) error {
	if _, err := q.client.InsertTx(ctx, tx.SQL(), momentsArgs{RecordingID: recordingID}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue the moment finder for recording %s: %w", recordingID, err)
	}
	return nil
}

// enqueueMomentsAfter adds the moment finder's job from inside the
// processing worker, when wanted.
func enqueueMomentsAfter(ctx context.Context, recordingID string, wanted func(context.Context, string) (bool, error), logger *slog.Logger) {
	ok, err := wanted(ctx, recordingID)
	if err == nil && !ok {
		return
	}
	client, err := river.ClientFromContextSafely[*sql.Tx](ctx)
	if err == nil {
		_, err = client.Insert(ctx, momentsArgs{RecordingID: recordingID}, nil)
	}
	if err != nil {
		logger.WarnContext(ctx, "the moment finder was not scheduled", "recording", recordingID, "err", err)
	}
}

func addMomentsWorker(workers *river.Workers, opts Options, logger *slog.Logger) {
	river.AddWorker(workers, &momentsWorker{moments: opts.Moments, giveUp: opts.MomentsGiveUp, logger: logger})
}

type momentsWorker struct {
	river.WorkerDefaults[momentsArgs]
	moments MomentsFunc
	giveUp  GiveUpFunc
	logger  *slog.Logger
}

// Work runs the MomentsFunc; after the last failed attempt the analysis is
// marked failed through giveUp.
func (w *momentsWorker) Work(ctx context.Context, job *river.Job[momentsArgs]) error {
	if w.moments == nil {
		return fmt.Errorf("jobs: this process cannot find moments (no Options.Moments)")
	}
	err := w.moments(ctx, job.Args.RecordingID)
	if err != nil && job.Attempt >= job.MaxAttempts && w.giveUp != nil {
		w.logger.ErrorContext(ctx, "the moment finder failed for the last time", "recording", job.Args.RecordingID, "err", err)
		w.giveUp(context.WithoutCancel(ctx), job.Args.RecordingID, err)
		return err
	}
	if err != nil {
		w.logger.WarnContext(ctx, "the moment finder failed; River will retry", "recording", job.Args.RecordingID, "attempt", job.Attempt, "err", err)
	}
	return err
}
