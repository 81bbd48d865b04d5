package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/attune-vig/attune/internal/store"
)

// Heartbeats: River rescues a job left "running" by a dead process only
// after the job timeout plus an hour (hours, for video). Every attempt here
// records a heartbeat while it works (six times per stall period); any
// process working jobs looks three times per period for jobs whose
// heartbeat stopped more than a period ago and hands them back.
const stalledAfter = 90 * time.Second

// stallOf is the stall period the options give, or the default.
func stallOf(opts Options) time.Duration {
	if opts.StallAfter > 0 {
		return opts.StallAfter
	}
	return stalledAfter
}

// heartbeat is River middleware around every job's work.
type heartbeat struct {
	river.MiddlewareDefaults
	db     *store.DB
	logger *slog.Logger
	every  time.Duration
}

func (h *heartbeat) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	if job.Kind == (wakeArgs{}).Kind() {
		return doInner(ctx) // does nothing: no heartbeat to write and delete
	}
	if err := h.db.Beat(ctx, job.ID, time.Now()); err != nil {
		h.logger.WarnContext(ctx, "recording a job's heartbeat", "job", job.ID, "err", err)
	}
	done := make(chan struct{})
	go h.beat(job.ID, done)
	defer func() {
		close(done)
		if err := h.db.Unbeat(context.WithoutCancel(ctx), job.ID); err != nil {
			h.logger.WarnContext(ctx, "forgetting a job's heartbeat", "job", job.ID, "err", err)
		}
	}()
	return doInner(ctx)
}

func (h *heartbeat) beat(id int64, done <-chan struct{}) {
	t := time.NewTicker(h.every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			if err := h.db.Beat(context.Background(), id, now); err != nil {
				h.logger.Warn("recording a job's heartbeat", "job", id, "err", err)
			}
		}
	}
}

// rescue hands back stalled jobs now and three times per stall period
// until ctx ends.
func rescue(ctx context.Context, db *store.DB, logger *slog.Logger, stall time.Duration, now func() time.Time) {
	t := time.NewTicker(stall / 3)
	defer t.Stop()
	r := &rescuer{db: db, stall: stall, unbeating: map[int64]time.Time{}}
	for {
		ids, err := r.once(ctx, now())
		if err != nil && ctx.Err() == nil {
			logger.Warn("handing back jobs of a process that stopped", "err", err)
		} else if len(ids) > 0 {
			logger.Info("handed back jobs whose process stopped while working them", "jobs", ids)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// rescuer remembers since when it has seen each running job without a
// heartbeat: a live worker beats within moments of taking a job, so one
// still silent a stall period later was taken by a process that died.
type rescuer struct {
	db        *store.DB
	stall     time.Duration
	unbeating map[int64]time.Time
}

func (r *rescuer) once(ctx context.Context, now time.Time) ([]int64, error) {
	ids, err := r.db.RescueStalled(ctx, now.Add(-r.stall))
	if err != nil {
		return nil, err
	}
	silent, err := r.db.UnbeatingJobs(ctx)
	if err != nil {
		return ids, err
	}
	var due []int64
	seen := map[int64]time.Time{}
	for _, id := range silent {
		since, ok := r.unbeating[id]
		if !ok {
			since = now
		}
		seen[id] = since
		if now.Sub(since) >= r.stall {
			due = append(due, id)
		}
	}
	r.unbeating = seen
	more, err := r.db.RescueUnbeating(ctx, due)
	return append(ids, more...), err
}
