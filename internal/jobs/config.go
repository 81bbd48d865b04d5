package jobs

import (
	"log/slog"

	"github.com/riverqueue/river"
)

// config is River's configuration for opts. The worker is registered even
// for an insert-only queue, so inserts are checked against a known kind.
func config(opts Options) *river.Config {
	logger := loggerOf(opts)
	workers := river.NewWorkers()
	river.AddWorker(workers, &processWorker{process: opts.Process, giveUp: opts.GiveUp, wantMoments: opts.MomentsWanted, logger: logger})
	addMomentsWorker(workers, opts, logger)
	addStillWorker(workers, opts, logger)
	addClipWorker(workers, opts, logger)
	addFilmWorker(workers, opts, logger)
	river.AddWorker(workers, &wakeWorker{})
	cfg := &river.Config{
		Logger:            logger,
		Workers:           workers,
		MaxAttempts:       maxAttempts,
		JobTimeout:        jobTimeout,
		FetchPollInterval: opts.PollInterval,
	}
	addRetention(cfg, opts, logger)
	if opts.db != nil {
		cfg.Middleware = append(cfg.Middleware, &heartbeat{db: opts.db, logger: logger, every: stallOf(opts) / 6})
	}
	if opts.Work {
		n := opts.MaxWorkers
		if n <= 0 {
			n = defaultMaxWorkers
		}
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
	}
	return cfg
}

// loggerOf is the logger the options give, or the default one.
func loggerOf(opts Options) *slog.Logger {
	if opts.Logger == nil {
		return slog.Default()
	}
	return opts.Logger
}
