package domain

import "time"

// PurposeAnalysis is the consent to the moment finder: attune listens to
// the recordings' sound on the service's own server to find who speaks
// when, and suggests moments. Off unless the family agrees.
const PurposeAnalysis = "analysis"

// Moment analysis states of a recording.
const (
	MomentsProcessing = "processing"
	MomentsReady      = "ready"
	MomentsNoAudio    = "no_audio"
	MomentsFailed     = "failed"
)

// MomentAnalysis is what the moment finder found in one recording's sound.
// Timeline is JSON: the utterances (speaker, start, end) and turns, sealed
// with the case key.
type MomentAnalysis struct {
	RecordingID string
	CaseID      string
	Status      string
	Progress    float64 // 0..1
	Error       string
	DurationMS  int64
	TurnCount   int
	Initiatives int // the child's initiatives
	Answered    int // those an adult answered within the response window
	Timeline    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TurnsPerMinute is the turn count over the recording's length.
func (m *MomentAnalysis) TurnsPerMinute() float64 {
	if m.DurationMS <= 0 {
		return 0
	}
	return float64(m.TurnCount) / (float64(m.DurationMS) / 60000)
}

// AnsweredShare is the share of the child's initiatives answered (0..1).
func (m *MomentAnalysis) AnsweredShare() float64 {
	if m.Initiatives == 0 {
		return 0
	}
	return float64(m.Answered) / float64(m.Initiatives)
}

// Suggestion states.
const (
	SuggestionNew       = "new"
	SuggestionAccepted  = "accepted"
	SuggestionDismissed = "dismissed"
)

// MomentSuggestion is a span the moment finder points the guider to: a
// child's initiative an adult answered, and the exchange after it.
type MomentSuggestion struct {
	ID           string
	RecordingID  string
	StartMS      int64
	EndMS        int64
	StartFrame   int
	EndFrame     int
	InitiativeMS int64
	LatencyMS    int64
	Turns        int
	State        string
	AnnotationID string // the coded moment an accepted suggestion became
	ClipID       string // or the clip it became
	DecidedBy    string
	DecidedAt    *time.Time
}
