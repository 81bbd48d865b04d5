package loadtest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunStopsByItselfAndCounts(t *testing.T) {
	var calls atomic.Int64
	do := func(ctx context.Context, client int) error {
		time.Sleep(time.Millisecond)
		if calls.Add(1)%10 == 0 {
			return errors.New("every tenth fails")
		}
		return nil
	}
	begin := time.Now()
	res := Run(context.Background(), Config{Clients: 4, Duration: 100 * time.Millisecond, Warmup: 20 * time.Millisecond}, do)
	if took := time.Since(begin); took > time.Second {
		t.Fatalf("Run took %v for a 120 ms run", took)
	}
	if res.Requests == 0 || res.Requests >= calls.Load() {
		t.Errorf("measured %d of %d calls; want some, and fewer than all (warm-up is not measured)", res.Requests, calls.Load())
	}
	if res.Errors == 0 || res.FirstErr == nil || res.Errors > res.Requests/5 {
		t.Errorf("errors %d (first %v) of %d requests; want about a tenth", res.Errors, res.FirstErr, res.Requests)
	}
	if res.P50 < time.Millisecond || res.P99 < res.P50 || res.Max < res.P99 || res.RPS <= 0 {
		t.Errorf("implausible summary: %+v", res)
	}
}

func TestRunHonoursRequestCap(t *testing.T) {
	do := func(ctx context.Context, client int) error { return nil }
	res := Run(context.Background(), Config{Clients: 8, Duration: time.Minute, MaxRequests: 500}, do)
	if res.Requests != 500 {
		t.Errorf("measured %d requests with a cap of 500", res.Requests)
	}
}

func TestRunEndsHungRequestsAfterGrace(t *testing.T) {
	do := func(ctx context.Context, client int) error { <-ctx.Done(); return ctx.Err() }
	begin := time.Now()
	res := Run(context.Background(), Config{Clients: 2, Duration: 20 * time.Millisecond, Grace: 30 * time.Millisecond}, do)
	if took := time.Since(begin); took > time.Second || res.Errors != 2 {
		t.Errorf("hung run took %v with %d errors; want about 50 ms and 2 errors", took, res.Errors)
	}
}
