package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"time"
)

// Buckets keeps token buckets where every server of a service sees them
// (the database), so a client sent to another server by the load balancer
// meets the same limit.
type Buckets interface {
	// TakeToken runs take on the bucket key (new ones hold full tokens) and
	// stores its result atomically.
	TakeToken(ctx context.Context, key string, full float64, now time.Time,
		take func(tokens float64, last time.Time) (float64, time.Time, bool)) (bool, error)
	// ForgetBuckets drops the buckets with this key prefix untouched since before.
	ForgetBuckets(ctx context.Context, prefix string, before time.Time) error
}

// Share makes l keep its buckets in b, under name (one name per limit). If
// b fails, l counts on its own in memory until b answers again.
func (l *Limiter) Share(b Buckets, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.shared, l.name = b, name
}

// allowShared takes a token from the shared bucket; ok is false when the
// shared buckets could not be used.
func (l *Limiter) allowShared(ctx context.Context, key string, now time.Time) (allowed, ok bool) {
	l.mu.Lock()
	b, name := l.shared, l.name
	l.mu.Unlock()
	if b == nil {
		return false, false
	}
	allowed, err := b.TakeToken(ctx, bucketKey(name, key), l.burst, now,
		func(tokens float64, last time.Time) (float64, time.Time, bool) { return l.take(tokens, last, now) })
	if err != nil {
		slog.WarnContext(ctx, "rate limit: the shared buckets did not answer; this server counts on its own", "limit", name, "err", err)
		return false, false
	}
	l.sweepShared(ctx, b, name, now)
	return allowed, true
}

// bucketKey names key's bucket without keeping the address itself.
func bucketKey(name, key string) string {
	sum := sha256.Sum256([]byte(name + "\x00" + key))
	return name + ":" + hex.EncodeToString(sum[:16])
}

// sweepShared drops this limit's full buckets, at most once per idle time
// per process. A limit that never refills keeps its buckets.
func (l *Limiter) sweepShared(ctx context.Context, b Buckets, name string, now time.Time) {
	if l.rate <= 0 {
		return
	}
	l.mu.Lock()
	due := now.Sub(l.swept) >= limiterIdleTime
	if due {
		l.swept = now
	}
	l.mu.Unlock()
	if !due {
		return
	}
	idle := max(limiterIdleTime, time.Duration(l.burst/l.rate*float64(time.Second)))
	if err := b.ForgetBuckets(ctx, name+":", now.Add(-idle)); err != nil {
		slog.WarnContext(ctx, "rate limit: could not drop old buckets", "limit", name, "err", err)
	}
}
