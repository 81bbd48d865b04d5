package auth

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// Two servers, each with its own limiter sharing the database's buckets:
// the steps alternate between them and must come out as on one server.
func TestSharedLimiterAcrossServers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a, b := NewLimiter(0.5, 3), NewLimiter(0.5, 3)
		a.Share(db, "signin")
		b.Share(db, "signin")
		checkSteps(t, func(i int) *Limiter { return []*Limiter{a, b}[i%2] })
		other := NewLimiter(0.5, 3)
		other.Share(db, "links")
		if !other.Allow(ctx, "10.0.0.1", time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) {
			t.Error("another limit's bucket for the same address was spent by this one")
		}
	})
}

// Attempts racing on several servers at once get exactly the burst.
func TestSharedLimiterConcurrent(t *testing.T) {
	db := storetest.Postgres(t)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	now := time.Now()
	for range 4 {
		l := NewLimiter(0, 40)
		l.Share(db, "signin")
		wg.Go(func() {
			for range 20 {
				if l.Allow(ctx, "ip:10.1.1.1", now) {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if allowed.Load() != 40 {
		t.Errorf("%d attempts allowed across 4 servers; want exactly the burst of 40", allowed.Load())
	}
}

// failingBuckets is a database that does not answer.
type failingBuckets struct{}

func (failingBuckets) TakeToken(context.Context, string, float64, time.Time, func(float64, time.Time) (float64, time.Time, bool)) (bool, error) {
	return false, errors.New("connection refused")
}
func (failingBuckets) ForgetBuckets(context.Context, string, time.Time) error { return nil }

// Without the database, a server still limits on its own.
func TestSharedLimiterFallsBackToMemory(t *testing.T) {
	l := NewLimiter(0, 2)
	l.Share(failingBuckets{}, "signin")
	now := time.Now()
	got := []bool{l.Allow(ctx, "k", now), l.Allow(ctx, "k", now), l.Allow(ctx, "k", now)}
	if !got[0] || !got[1] || got[2] {
		t.Errorf("allowed %v; want the in-memory burst of 2 then a refusal", got)
	}
}

// Buckets full again are dropped; a busy one and another limit's stay.
func TestSharedLimiterSweeps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		l := NewLimiter(1, 5)
		l.Share(db, "signin")
		keep := NewLimiter(0, 1)
		keep.Share(db, "links")
		keep.Allow(ctx, "old", t0)
		l.Allow(ctx, "old", t0)
		l.swept = t0 // the next sweep is due after the idle time
		for range 5 {
			l.Allow(ctx, "busy", t0.Add(11*time.Minute))
		}
		if l.Allow(ctx, "busy", t0.Add(11*time.Minute)) {
			t.Fatal("a spent bucket allowed one more")
		}
		var n int
		for _, key := range []string{bucketKey("signin", "old"), bucketKey("signin", "busy"), bucketKey("links", "old")} {
			ok, err := db.TakeToken(ctx, key, -1, t0, func(tokens float64, last time.Time) (float64, time.Time, bool) {
				return tokens, last, tokens >= 0
			})
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d of the 3 buckets still held tokens after the sweep; want 2 (busy, and the other limit's)", n)
		}
	})
}
