package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// RetentionFunc applies the retention rules once (retention.Service.Apply,
// reporting what it erased).
type RetentionFunc func(ctx context.Context) error

// retentionArgs is the nightly job "apply the retention rules".
type retentionArgs struct{}

func (retentionArgs) Kind() string { return "apply_retention" }

// InsertOpts: one pending run at a time, on any number of servers.
func (retentionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Hour}}
}

// retentionHour is when, in UTC, the rules are applied each night.
const retentionHour = 2

// nightly is the periodic schedule: the next retentionHour:00 UTC.
type nightly struct{}

func (nightly) Next(t time.Time) time.Time {
	t = t.UTC()
	next := time.Date(t.Year(), t.Month(), t.Day(), retentionHour, 0, 0, 0, time.UTC)
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// addRetention registers the retention worker and, in a working queue with
// a RetentionFunc, the nightly schedule.
func addRetention(cfg *river.Config, opts Options, logger *slog.Logger) {
	river.AddWorker(cfg.Workers, &retentionWorker{apply: opts.Retention, logger: logger})
	if opts.Work && opts.Retention != nil {
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(nightly{},
			func() (river.JobArgs, *river.InsertOpts) { return retentionArgs{}, nil },
			&river.PeriodicJobOpts{ID: "apply_retention"}))
	}
}

type retentionWorker struct {
	river.WorkerDefaults[retentionArgs]
	apply  RetentionFunc
	logger *slog.Logger
}

func (w *retentionWorker) Work(ctx context.Context, job *river.Job[retentionArgs]) error {
	if w.apply == nil {
		w.logger.WarnContext(ctx, "this process cannot apply retention rules (no Options.Retention); skipped")
		return nil
	}
	return w.apply(ctx)
}
