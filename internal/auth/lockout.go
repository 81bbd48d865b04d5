package auth

import "time"

// Lockout is the account lockout policy after failed logins: Free failures
// are allowed, then each further failure doubles the wait from Base up to Max.
type Lockout struct {
	Free      int
	Base, Max time.Duration
}

// DefaultLockout allows 5 failures, then locks for 1 min, 2 min, 4 min, …, 1 h.
var DefaultLockout = Lockout{Free: 5, Base: time.Minute, Max: time.Hour}

// LockedUntil returns when the account may try again after failures
// consecutive failures, the last at lastFailure; zero if it is not locked.
func (l Lockout) LockedUntil(failures int, lastFailure time.Time) time.Time {
	if failures <= l.Free {
		return time.Time{}
	}
	return lastFailure.Add(l.wait(failures - l.Free - 1))
}

// wait is Base·2^doublings capped at Max, without overflow.
func (l Lockout) wait(doublings int) time.Duration {
	d := max(min(l.Base, l.Max), 0)
	for i := 0; i < doublings && d > 0 && d < l.Max; i++ {
		if d > l.Max/2 {
			return l.Max
		}
		d *= 2
	}
	return d
}
