package domain

import "testing"

func TestCycleFollowWork(t *testing.T) {
	for _, c := range []struct {
		name           string
		status, source string
		work           CycleWork
		want, wantFrom string
		moves          bool
	}{
		{"a recording films a new cycle", CyclePlanned, "", CycleWork{Recordings: 1}, CycleFilmed, StatusRecording, true},
		{"a clip edits it", CycleFilmed, StatusRecording, CycleWork{Recordings: 1, Clips: 1}, CycleEdited, StatusClip, true},
		{"a film edits it", CycleFilmed, StatusRecording, CycleWork{Recordings: 1, Films: 1}, CycleEdited, StatusFilm, true},
		{"the review's words review it", CycleEdited, StatusClip, CycleWork{Clips: 1, Reviewed: true}, CycleReviewed, StatusReview, true},
		{"the work undone takes it back", CycleEdited, StatusClip, CycleWork{Recordings: 1}, CycleFilmed, StatusRecording, true},
		{"a mark by hand is not taken back", CycleEdited, StatusManual, CycleWork{Recordings: 1}, "", "", false},
		{"a mark from before is not taken back", CycleReviewed, "", CycleWork{}, "", "", false},
		{"a mark by hand moves on with the work", CycleFilmed, StatusManual, CycleWork{Reviewed: true}, CycleReviewed, StatusReview, true},
		{"a cancelled cycle stays cancelled", CycleCancelled, StatusManual, CycleWork{Reviewed: true}, "", "", false},
		{"nothing new, nothing moves", CycleFilmed, StatusRecording, CycleWork{Recordings: 2}, "", "", false},
	} {
		y := &Cycle{Status: c.status, StatusSource: c.source}
		got, from, ok := y.FollowWork(c.work)
		if got != c.want || from != c.wantFrom || ok != c.moves {
			t.Errorf("%s: got %q from %q (%v), want %q from %q (%v)", c.name, got, from, ok, c.want, c.wantFrom, c.moves)
		}
	}
}
