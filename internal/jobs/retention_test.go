package jobs

import (
	"testing"
	"time"
)

func TestNightlySchedule(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	for _, tc := range []struct{ now, want string }{
		{"2026-03-01T01:59:59Z", "2026-03-01T02:00:00Z"},
		{"2026-03-01T02:00:00Z", "2026-03-02T02:00:00Z"},
		{"2026-03-01T23:00:00Z", "2026-03-02T02:00:00Z"},
		{"2026-03-01T03:30:00+02:00", "2026-03-01T02:00:00Z"}, // 01:30 UTC: still before that day's run
	} {
		got := nightly{}.Next(at(tc.now))
		want := at(tc.want)
		if !got.Equal(want) {
			t.Errorf("Next(%s) = %s, want %s", tc.now, got, want)
		}
	}
}
