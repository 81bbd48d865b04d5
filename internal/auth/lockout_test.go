package auth

import (
	"testing"
	"time"
)

func TestLockedUntil(t *testing.T) {
	last := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		policy   Lockout
		failures int
		want     time.Duration // after last; -1 means not locked
	}{
		{DefaultLockout, 0, -1},
		{DefaultLockout, 5, -1},
		{DefaultLockout, 6, time.Minute},
		{DefaultLockout, 7, 2 * time.Minute},
		{DefaultLockout, 8, 4 * time.Minute},
		{DefaultLockout, 11, 32 * time.Minute},
		{DefaultLockout, 12, time.Hour},
		{DefaultLockout, 13, time.Hour},
		{DefaultLockout, 1_000_000, time.Hour},
		{Lockout{Free: 0, Base: time.Second, Max: time.Minute}, 1, time.Second},
		{Lockout{Free: 0, Base: time.Second, Max: time.Minute}, 7, time.Minute},
		{Lockout{Free: 3, Base: 2 * time.Hour, Max: time.Hour}, 4, time.Hour},
		{Lockout{Free: 1, Base: time.Hour, Max: 1<<63 - 1}, 200, 1<<63 - 1},
		{Lockout{Free: 1, Base: 0, Max: time.Hour}, 10, 0},
	}
	for _, tt := range tests {
		got := tt.policy.LockedUntil(tt.failures, last)
		want := time.Time{}
		if tt.want >= 0 {
			want = last.Add(tt.want)
		}
		if !got.Equal(want) {
			t.Errorf("%+v.LockedUntil(%d) = %v; want %v", tt.policy, tt.failures, got, want)
		}
	}
}
