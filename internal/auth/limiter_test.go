package auth

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

var ctx = context.Background()

func TestLimiterBurstRefusalRefill(t *testing.T) {
	l := NewLimiter(0.5, 3) // one token every 2 s
	checkSteps(t, func(int) *Limiter { return l })
}

// checkSteps runs the burst, refusal and refill steps, step i against
// limiter(i) (one limiter, or several sharing buckets).
func checkSteps(t *testing.T, limiter func(step int) *Limiter) {
	t.Helper()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		key  string
		at   time.Duration
		want bool
	}{
		{"10.0.0.1", 0, true},
		{"10.0.0.1", 0, true},
		{"10.0.0.1", 0, true},
		{"10.0.0.1", 0, false}, // burst spent
		{"10.0.0.2", 0, true},  // other keys unaffected
		{"10.0.0.1", time.Second, false},
		{"10.0.0.1", 2 * time.Second, true}, // one token refilled
		{"10.0.0.1", 2 * time.Second, false},
		{"10.0.0.1", time.Second, false}, // clock went back: nothing added
		{"10.0.0.1", time.Hour, true},    // refilled to burst, not beyond
		{"10.0.0.1", time.Hour, true},
		{"10.0.0.1", time.Hour, true},
		{"10.0.0.1", time.Hour, false},
	}
	for i, s := range steps {
		if got := limiter(i).Allow(ctx, s.key, t0.Add(s.at)); got != s.want {
			t.Errorf("step %d: Allow(%s, +%v) = %v; want %v", i, s.key, s.at, got, s.want)
		}
	}
}

func TestLimiterEviction(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	type call struct {
		key string
		at  time.Duration
	}
	tests := []struct {
		name  string
		calls []call
		kept  []string
		gone  string
	}{
		{"idle bucket evicted", []call{{"old", 0}, {"a", 11 * time.Minute}, {"b", 11 * time.Minute}, {"c", 11 * time.Minute}},
			[]string{"a", "b", "c"}, "old"},
		{"all busy: least recently used evicted", []call{{"a", 0}, {"b", time.Second}, {"c", 2 * time.Second}, {"a", 3 * time.Second}, {"d", 4 * time.Second}},
			[]string{"a", "c", "d"}, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLimiter(0.001, 1) // refill takes 1000 s, longer than the idle time
			l.maxKeys = 3
			for _, c := range tt.calls {
				l.Allow(ctx, c.key, t0.Add(c.at))
			}
			if _, ok := l.buckets[tt.gone]; ok || len(l.buckets) != len(tt.kept) {
				t.Errorf("%d buckets, %q present: %v; want %d, false", len(l.buckets), tt.gone, ok, len(tt.kept))
			}
			for _, k := range tt.kept {
				if _, ok := l.buckets[k]; !ok {
					t.Errorf("bucket %q evicted", k)
				}
			}
		})
	}
}

func TestLimiterBound(t *testing.T) {
	l := NewLimiter(1, 5)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range limiterMaxKeys + 500 {
		l.Allow(ctx, fmt.Sprint("10.", i), now) // all busy: no bucket refilled yet
		if n := len(l.buckets); n > limiterMaxKeys {
			t.Fatalf("%d buckets after %d keys; want at most %d", n, i+1, limiterMaxKeys)
		}
	}
}

func TestLimiterKeepsBusyOverRefilled(t *testing.T) {
	l := NewLimiter(1, 1)
	l.maxKeys = 2
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	l.Allow(ctx, "refilled", t0)
	l.Allow(ctx, "busy", t0.Add(5*time.Second))
	l.Allow(ctx, "new", t0.Add(5*time.Second)) // "refilled" is full again: dropping it loses nothing
	if _, ok := l.buckets["busy"]; !ok {
		t.Fatal("busy bucket evicted before a refilled one")
	}
	if l.Allow(ctx, "busy", t0.Add(5*time.Second)) {
		t.Error("busy key allowed twice within its burst")
	}
}

func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(0, 100)
	now := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if l.Allow(ctx, "ip", now) {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if allowed != 100 {
		t.Errorf("%d allowed; want exactly the burst of 100", allowed)
	}
}

func TestNewLimiterClamps(t *testing.T) {
	l := NewLimiter(-1, 0)
	now := time.Now()
	if !l.Allow(ctx, "k", now) || l.Allow(ctx, "k", now.Add(time.Hour)) {
		t.Error("burst 0 should act as 1 and a negative rate as no refill")
	}
}
