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
// records a heartbeat while it works; any process working jobs hands back
// jobs whose heartbeat stopped more than stalledAfter ago.
const (
	beatEvery    = 15 * time.Second
	stalledAfter = 90 * time.Second
	rescueEvery  = 30 * time.Second
)

// heartbeat is River middleware around every job's work.
type heartbeat struct {
	river.MiddlewareDefaults
	db     *store.DB
	logger *slog.Logger
}

func (h *heartbeat) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
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
	t := time.NewTicker(beatEvery)
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

// rescue hands back stalled jobs now and every rescueEvery until ctx ends.
func rescue(ctx context.Context, db *store.DB, logger *slog.Logger, now func() time.Time) {
	t := time.NewTicker(rescueEvery)
	defer t.Stop()
	for {
		ids, err := db.RescueStalled(ctx, now().Add(-stalledAfter))
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
