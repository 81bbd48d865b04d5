// Package loadtest is a small load generator: a fixed number of clients issue
// requests in a loop for a bounded time (and a bounded count), and the
// latencies of the measured window are summarised as rps and percentiles.
package loadtest

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Config bounds one run. Zero fields take the defaults below.
type Config struct {
	Clients     int           // concurrent clients (default 1)
	Duration    time.Duration // measured window (default 10 s)
	Warmup      time.Duration // requests made but not recorded before the window
	MaxRequests int64         // hard cap on measured requests (default 10,000,000)
	Grace       time.Duration // how long in-flight requests may outlive the window (default 5 s)
}

const (
	defaultMaxRequests = 10_000_000
	defaultGrace       = 5 * time.Second
)

func (c Config) withDefaults() Config {
	c.Clients = max(c.Clients, 1)
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.MaxRequests <= 0 {
		c.MaxRequests = defaultMaxRequests
	}
	if c.Grace <= 0 {
		c.Grace = defaultGrace
	}
	return c
}

// Run calls do from cfg.Clients goroutines until the warm-up and the measured
// window have passed, the request cap is reached or ctx ends. do gets a
// context that ends at the latest cfg.Grace after the window; it returns nil
// only for a successful request (for HTTP: status 200, body read).
func Run(ctx context.Context, cfg Config, do func(ctx context.Context, client int) error) Result {
	cfg = cfg.withDefaults()
	start := time.Now()
	measureFrom := start.Add(cfg.Warmup)
	stopAt := measureFrom.Add(cfg.Duration)
	ctx, cancel := context.WithDeadline(ctx, stopAt.Add(cfg.Grace))
	defer cancel()
	l := &loop{do: do, stopAt: stopAt, measureFrom: measureFrom, max: cfg.MaxRequests, rec: newRecorder(defaultSampleCap)}
	var wg sync.WaitGroup
	for i := range cfg.Clients {
		wg.Go(func() { l.client(ctx, i) })
	}
	wg.Wait()
	return l.result(time.Since(measureFrom))
}

type loop struct {
	do                  func(ctx context.Context, client int) error
	stopAt, measureFrom time.Time
	max                 int64
	started             atomic.Int64 // measured requests begun, for the cap
	rec                 *recorder
}

func (l *loop) client(ctx context.Context, i int) {
	for ctx.Err() == nil {
		begin := time.Now()
		if !begin.Before(l.stopAt) {
			return
		}
		measured := !begin.Before(l.measureFrom)
		if measured && l.started.Add(1) > l.max {
			return
		}
		err := l.do(ctx, i)
		if measured {
			l.rec.add(time.Since(begin), err)
		}
	}
}
