package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/attune-vig/attune/internal/store"
)

// FilmFunc renders one film (processing.Processor.RenderFilm).
type FilmFunc func(ctx context.Context, filmID string) error

// filmTimeout bounds one render attempt; a retry reuses the segments made.
const filmTimeout = time.Hour

// filmArgs is the job "render this film".
type filmArgs struct {
	FilmID string `json:"film_id"`
}

func (filmArgs) Kind() string { return "render_film" }

// EnqueueFilm asks for a film to be rendered, inside the caller's
// transaction, and returns the job's id. It adds a job every time: the films
// service keeps to one render per film (it claims the film's row in the same
// transaction). River's unique jobs would not do here: a job that has just
// finished still counts as running for a moment, and a render asked for in
// that moment would be swallowed.
func (q *Queue) EnqueueFilm(ctx context.Context, tx *store.Tx, filmID string) (int64, error) {
	res, err := q.client.InsertTx(ctx, tx.SQL(), filmArgs{FilmID: filmID}, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue the render of film %s: %w", filmID, err)
	}
	q.wakeAfter(tx)
	return res.Job.ID, nil
}

// CancelJob cancels a job: a waiting one never runs, a running one has its
// context cancelled (and is not retried).
func (q *Queue) CancelJob(ctx context.Context, tx *store.Tx, jobID int64) error {
	_, err := q.client.JobCancelTx(ctx, tx.SQL(), jobID)
	if errors.Is(err, rivertype.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("jobs: cancel job %d: %w", jobID, err)
	}
	return nil
}

// addFilmWorker registers the film worker (also on an insert-only queue).
func addFilmWorker(workers *river.Workers, opts Options, logger *slog.Logger) {
	river.AddWorker(workers, &filmWorker{film: opts.Film, giveUp: opts.FilmGiveUp, logger: logger})
}

type filmWorker struct {
	river.WorkerDefaults[filmArgs]
	film   FilmFunc
	giveUp GiveUpFunc
	logger *slog.Logger
}

func (w *filmWorker) Timeout(*river.Job[filmArgs]) time.Duration { return filmTimeout }

// Work runs the FilmFunc; after the last failed attempt the film is marked
// failed through giveUp.
func (w *filmWorker) Work(ctx context.Context, job *river.Job[filmArgs]) error {
	if w.film == nil {
		return fmt.Errorf("jobs: this process cannot render films (no Options.Film)")
	}
	err := w.film(withWaited(ctx, job.ScheduledAt), job.Args.FilmID)
	if err != nil && job.Attempt >= job.MaxAttempts && w.giveUp != nil {
		w.logger.ErrorContext(ctx, "rendering a film failed for the last time", "film", job.Args.FilmID, "err", err)
		w.giveUp(context.WithoutCancel(ctx), job.Args.FilmID, err)
		return err
	}
	if err != nil {
		w.logger.WarnContext(ctx, "rendering a film failed; River will retry", "film", job.Args.FilmID, "attempt", job.Attempt, "err", err)
	}
	return err
}
