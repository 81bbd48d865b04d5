package auth

import (
	"context"
	"slices"
	"sync"
	"time"
)

const (
	limiterMaxKeys  = 10_000
	limiterIdleTime = 10 * time.Minute
)

// Limiter is an in-memory token bucket per key (an IP address, an email),
// safe for concurrent use. Memory is bounded: past 10,000 keys it drops
// idle or refilled buckets, and as a last resort the least recently used.
// Shared (Share), its buckets live in the database for every server.
type Limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	maxKeys int
	buckets map[string]*bucket
	shared  Buckets // nil: memory only
	name    string
	swept   time.Time // last sweep of the shared buckets
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewLimiter allows burst requests at once per key, refilled at rate per
// second. A burst below 1 is taken as 1 and a negative rate as 0.
func NewLimiter(rate float64, burst int) *Limiter {
	return &Limiter{
		rate: max(rate, 0), burst: float64(max(burst, 1)),
		maxKeys: limiterMaxKeys, buckets: make(map[string]*bucket),
	}
}

// Allow takes one token from key's bucket at now and reports whether there was one.
func (l *Limiter) Allow(ctx context.Context, key string, now time.Time) bool {
	if allowed, ok := l.allowShared(ctx, key, now); ok {
		return allowed
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		l.makeRoom(now)
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	var allowed bool
	b.tokens, b.last, allowed = l.take(b.tokens, b.last, now)
	return allowed
}

// take is one request at now on a bucket holding tokens, last touched at
// last: the tokens refilled since (a clock going backwards adds nothing),
// then one taken if there is one.
func (l *Limiter) take(tokens float64, last, now time.Time) (float64, time.Time, bool) {
	tokens = l.refilled(tokens, last, now)
	if now.After(last) {
		last = now
	}
	if tokens < 1 {
		return tokens, last, false
	}
	return tokens - 1, last, true
}

// refilled returns the tokens of a bucket last touched at last, at now.
func (l *Limiter) refilled(tokens float64, last, now time.Time) float64 {
	return min(tokens+max(now.Sub(last).Seconds(), 0)*l.rate, l.burst)
}

// makeRoom runs when the map is full, before a new key is added. It drops
// buckets idle for 10 min or refilled (the same as no bucket); if that is not
// enough, the least recently used, down to 90% so the next sweep is far off.
func (l *Limiter) makeRoom(now time.Time) {
	if len(l.buckets) < l.maxKeys {
		return
	}
	busy := make([]string, 0, len(l.buckets))
	for k, b := range l.buckets {
		if now.Sub(b.last) > limiterIdleTime || l.refilled(b.tokens, b.last, now) >= l.burst {
			delete(l.buckets, k)
		} else {
			busy = append(busy, k)
		}
	}
	if len(busy) < l.maxKeys {
		return
	}
	slices.SortFunc(busy, func(a, b string) int { return l.buckets[a].last.Compare(l.buckets[b].last) })
	for _, k := range busy[:len(busy)-l.maxKeys*9/10] {
		delete(l.buckets, k)
	}
}
