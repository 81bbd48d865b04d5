package auth

import (
	"context"
	"time"
)

// Tally counts wrong guesses for keys that have no record of their own to
// count on, such as an e-mail address without an account, in the shared
// buckets (every server sees the same count). Under a Lockout it locks such
// a key exactly as an account would be locked, so the answers don't tell
// the two apart.
type Tally struct {
	Buckets Buckets
	Name    string // one name per kind of key, e.g. "signin-unknown"
}

// Fail counts one more failure for key at now unless the lockout holds it
// locked. It returns when that lock ends, or zero when the failure was
// counted (the key may be locked from now on, as an account is after its
// last free failure).
func (t Tally) Fail(ctx context.Context, key string, now time.Time, l Lockout) (time.Time, error) {
	var until time.Time
	_, err := t.Buckets.TakeToken(ctx, bucketKey(t.Name, key), 0, now,
		func(failures float64, last time.Time) (float64, time.Time, bool) {
			if u := l.LockedUntil(int(failures), last); now.Before(u) {
				until = u
				return failures, last, false
			}
			return failures + 1, now, true
		})
	return until, err
}

// Forget drops the counts untouched since before.
func (t Tally) Forget(ctx context.Context, before time.Time) error {
	return t.Buckets.ForgetBuckets(ctx, t.Name+":", before)
}
