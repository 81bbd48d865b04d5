package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/attune-vig/attune/internal/media"
	"github.com/attune-vig/attune/internal/store"
)

// processArgs is the job "turn this uploaded recording into playback, poster,
// storyboard, waveform and frame table".
type processArgs struct {
	RecordingID string `json:"recording_id" river:"unique"`
}

func (processArgs) Kind() string { return "process_recording" }

// InsertOpts: one pending job per recording. A finished (completed,
// cancelled, discarded) job does not block processing the recording again.
func (processArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{
		ByArgs: true,
		ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled,
		},
	}}
}

// EnqueueProcess asks for recordingID to be processed, inside the caller's
// transaction: the job exists exactly when the transaction commits. A job
// already waiting for the same recording is kept and no second one is added.
func (q *Queue) EnqueueProcess(ctx context.Context, tx *store.Tx, recordingID string) error {
	if _, err := q.client.InsertTx(ctx, tx.SQL(), processArgs{RecordingID: recordingID}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue processing of recording %s: %w", recordingID, err)
	}
	q.wakeAfter(tx)
	return nil
}

type processWorker struct {
	river.WorkerDefaults[processArgs]
	process ProcessFunc
	giveUp  GiveUpFunc
	logger  *slog.Logger
	// wantMoments tells whether to schedule the moment finder when
	// processing succeeds (nil: never).
	wantMoments func(ctx context.Context, recordingID string) (bool, error)
}

// Work runs the ProcessFunc. A rejected file is cancelled, not retried: no
// attempt will make it a video.
func (w *processWorker) Work(ctx context.Context, job *river.Job[processArgs]) error {
	err := w.process(ctx, job.Args.RecordingID)
	var rejected *media.RejectError
	if errors.As(err, &rejected) {
		w.logger.InfoContext(ctx, "recording rejected; not retrying",
			"recording", job.Args.RecordingID, "reason", rejected.Reason)
		return river.JobCancel(err)
	}
	if err != nil && job.Attempt >= job.MaxAttempts && w.giveUp != nil {
		w.logger.ErrorContext(ctx, "processing a recording failed for the last time",
			"recording", job.Args.RecordingID, "attempt", job.Attempt, "err", err)
		w.giveUp(context.WithoutCancel(ctx), job.Args.RecordingID, err)
		return err
	}
	if err != nil {
		w.logger.WarnContext(ctx, "processing a recording failed; River will retry",
			"recording", job.Args.RecordingID, "attempt", job.Attempt, "err", err)
	}
	if err == nil && w.wantMoments != nil {
		enqueueMomentsAfter(ctx, job.Args.RecordingID, w.wantMoments, w.logger)
	}
	return err
}
