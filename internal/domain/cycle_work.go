package domain

// What set a cycle's status.
const (
	StatusManual    = "manual"    // a person marked it
	StatusRecording = "recording" // a recording was added for the cycle
	StatusClip      = "clip"      // a clip was made from its recording
	StatusFilm      = "film"      // a film was made from it
	StatusReview    = "review"    // the shared review's words or next steps
)

// CycleWork is what has been done for one cycle, as the records show it.
type CycleWork struct {
	Recordings int  // recordings added for the cycle
	Clips      int  // clips made from those recordings
	Films      int  // films made in the cycle
	Reviewed   bool // the shared review left words or next steps
}

// cycleRank orders the states a cycle passes through.
var cycleRank = map[string]int{CyclePlanned: 0, CycleFilmed: 1, CycleEdited: 2, CycleReviewed: 3}

// Status is the state the work done puts a cycle in, and what set it.
func (w CycleWork) Status() (status, source string) {
	switch {
	case w.Reviewed:
		return CycleReviewed, StatusReview
	case w.Films > 0:
		return CycleEdited, StatusFilm
	case w.Clips > 0:
		return CycleEdited, StatusClip
	case w.Recordings > 0:
		return CycleFilmed, StatusRecording
	}
	return CyclePlanned, ""
}

// FollowWork is the state a cycle takes after its work changed, and what set
// it; ok is false when the cycle stays as it is. A cancelled cycle stays
// cancelled. A status marked by hand is never moved back by the work; one
// the work set follows the work both ways (a recording deleted, a clip
// undone), so the case always says what was done.
func (c *Cycle) FollowWork(w CycleWork) (status, source string, ok bool) {
	if c.Status == CycleCancelled {
		return "", "", false
	}
	status, source = w.Status()
	byHand := c.StatusSource == StatusManual || c.StatusSource == ""
	if byHand && cycleRank[status] <= cycleRank[c.Status] {
		return "", "", false
	}
	if status == c.Status {
		return "", "", false
	}
	return status, source, true
}
