// Package jobs is attune's durable job queue: River, on the same database as
// the records (SQLite or PostgreSQL), so a job is enqueued in the same
// transaction as the change that calls for it and survives restarts.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/attune-vig/attune/internal/store"
)

// ProcessFunc turns an uploaded recording into everything the workspace
// needs (processing.Processor.Process). An error wrapping a
// *media.RejectError is permanent; any other error is retried.
type ProcessFunc func(ctx context.Context, recordingID string) error

// GiveUpFunc is told when a recording failed its last attempt, so the
// recording can say so instead of staying "processing" for ever.
type GiveUpFunc func(ctx context.Context, recordingID string, err error)

// Options configure a Queue.
type Options struct {
	// MaxWorkers caps concurrent jobs, each an ffmpeg run (default 2).
	MaxWorkers int
	// Process works the "process a recording" jobs; needed when Work is set.
	Process ProcessFunc
	// GiveUp is called after the last failed attempt (optional).
	GiveUp GiveUpFunc
	// Still and StillGiveUp work the "decode a still" jobs (still.go).
	Still       StillFunc
	StillGiveUp GiveUpFunc
	// ClipExport and ClipExportGiveUp work the "export a clip" jobs (clip.go).
	ClipExport       ClipExportFunc
	ClipExportGiveUp GiveUpFunc
	// Film and FilmGiveUp work the "render a film" jobs (film.go).
	Film       FilmFunc
	FilmGiveUp GiveUpFunc
	// Moments and MomentsGiveUp work the moment finder's jobs (moments.go),
	// added after a recording is processed when MomentsWanted says so (the
	// family consented to analysis).
	Moments       MomentsFunc
	MomentsGiveUp GiveUpFunc
	MomentsWanted func(ctx context.Context, recordingID string) (bool, error)
	// Retention applies the retention rules nightly (retention.go).
	Retention RetentionFunc
	// Logger receives River's and the workers' logs (default slog.Default()).
	Logger *slog.Logger
	// Work makes this process work jobs; false gives an insert-only queue
	// (a web-only process).
	Work bool

	// StallAfter is how long a job's heartbeat may be silent before the job
	// is handed back to the queue (default 90 s).
	StallAfter time.Duration
	// PollInterval is how often the worker looks for jobs enqueued by
	// other processes (default River's, 1 s); this process's own jobs wake
	// it at once (wake.go).
	PollInterval time.Duration

	db *store.DB // for heartbeats (heartbeat.go); set by New
}

// Limits of a job's life.
const (
	defaultMaxWorkers = 2
	maxAttempts       = 5
	// jobTimeout bounds one attempt; media's own deadlines are shorter for
	// anything under 4 hours. A job still "running" this long plus an hour
	// after a crash is rescued and retried by River.
	jobTimeout = 3 * time.Hour
)

// Queue is the job queue of one process.
type Queue struct {
	client  *river.Client[*sql.Tx]
	release func() error // closes the queue's own database handle (SQLite)
	// rescuer hands back jobs of dead processes (heartbeat.go); nil for an
	// insert-only queue. stopRescue ends it.
	rescuer    func(context.Context)
	stopRescue context.CancelFunc
	working    bool // this process works jobs: an enqueue wakes it (wake.go)
	logger     *slog.Logger
}

// New runs River's migrations on db and makes a client that works jobs when
// opts.Work is set. Call Stop to release it, even if it was never started.
func New(ctx context.Context, db *store.DB, opts Options) (*Queue, error) {
	if opts.Work && opts.Process == nil {
		return nil, errors.New("jobs: a working queue needs Options.Process")
	}
	pool, release, err := db.OpenJobsPool(ctx)
	if err != nil {
		return nil, err
	}
	opts.db = db
	client, err := newClient(ctx, db.Dialect(), pool, opts)
	if err != nil {
		release()
		return nil, err
	}
	q := &Queue{client: client, release: release, working: opts.Work, logger: loggerOf(opts)}
	if opts.Work {
		q.rescuer = func(ctx context.Context) { rescue(ctx, db, loggerOf(opts), stallOf(opts), time.Now) }
	}
	return q, nil
}

func newClient(ctx context.Context, dialect store.Dialect, pool *sql.DB, opts Options) (*river.Client[*sql.Tx], error) {
	driver := driverFor(dialect, pool)
	if err := opts.db.WithJobsMigrationLock(ctx, func() error { return migrate(ctx, driver, opts.Logger) }); err != nil {
		return nil, err
	}
	client, err := river.NewClient(driver, config(opts))
	if err != nil {
		return nil, fmt.Errorf("jobs: make the River client: %w", err)
	}
	return client, nil
}

func driverFor(dialect store.Dialect, pool *sql.DB) riverdriver.Driver[*sql.Tx] {
	if dialect == store.SQLite {
		return riversqlite.New(pool)
	}
	return riverdatabasesql.New(pool)
}

// migrate brings River's own tables (river_job, river_leader, ...) up to
// date. They sit beside attune's tables, outside its goose migrations; the
// caller holds the database's migration lock.
func migrate(ctx context.Context, driver riverdriver.Driver[*sql.Tx], logger *slog.Logger) error {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: logger})
	if err != nil {
		return fmt.Errorf("jobs: prepare River's migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate River's tables: %w", err)
	}
	return nil
}
