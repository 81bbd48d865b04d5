package jobs

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/attune-vig/attune/internal/store"
)

// ClipExportFunc makes one clip's MP4 (processing.Processor.ClipExport).
type ClipExportFunc func(ctx context.Context, clipID string) error

// clipExportArgs is the job "make this clip's MP4".
type clipExportArgs struct {
	ClipID string `json:"clip_id" river:"unique"`
}

func (clipExportArgs) Kind() string { return "export_clip" }

// InsertOpts: one pending job per clip. A job already running when the
// edges move again is not doubled: it sees the change when it stores its
// result and cuts again.
func (clipExportArgs) InsertOpts() river.InsertOpts { return processArgs{}.InsertOpts() }

// EnqueueClipExport asks for a clip's MP4 inside the caller's transaction.
func (q *Queue) EnqueueClipExport(ctx context.Context, tx *store.Tx, clipID string) error {
	if _, err := q.client.InsertTx(ctx, tx.SQL(), clipExportArgs{ClipID: clipID}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue export of clip %s: %w", clipID, err)
	}
	q.wakeAfter(tx)
	return nil
}

// addClipWorker registers the clip export worker (also on an insert-only
// queue, so inserts are checked against a known kind).
func addClipWorker(workers *river.Workers, opts Options, logger *slog.Logger) {
	river.AddWorker(workers, &clipWorker{export: opts.ClipExport, giveUp: opts.ClipExportGiveUp, logger: logger})
}

type clipWorker struct {
	river.WorkerDefaults[clipExportArgs]
	export ClipExportFunc
	giveUp GiveUpFunc
	logger *slog.Logger
}

// Work runs the ClipExportFunc; after the last failed attempt the export
// is marked failed through giveUp.
func (w *clipWorker) Work(ctx context.Context, job *river.Job[clipExportArgs]) error {
	if w.export == nil {
		return fmt.Errorf("jobs: this process cannot export clips (no Options.ClipExport)")
	}
	err := w.export(withWaited(ctx, job.ScheduledAt), job.Args.ClipID)
	if err != nil && job.Attempt >= job.MaxAttempts && w.giveUp != nil {
		w.logger.ErrorContext(ctx, "exporting a clip failed for the last time", "clip", job.Args.ClipID, "err", err)
		w.giveUp(context.WithoutCancel(ctx), job.Args.ClipID, err)
		return err
	}
	if err != nil {
		w.logger.WarnContext(ctx, "exporting a clip failed; River will retry", "clip", job.Args.ClipID, "attempt", job.Attempt, "err", err)
	}
	return err
}
