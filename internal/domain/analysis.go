package domain

import "time"

// DefaultSchemeID is the coding scheme a recording is coded with unless
// another is chosen before its first moment: the principles of attuned
// interaction.
const DefaultSchemeID = "default"

// Scheme is a coding scheme: the codes a guider marks moments with.
type Scheme struct {
	ID        string
	Name      string
	IsDefault bool
	Codes     []Code
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Code is one heading of a scheme, with its sub-behaviours. A retired code
// stays on the annotations that carry it but cannot be applied again.
type Code struct {
	Code     string    `json:"code"`
	Label    string    `json:"label"`
	Colour   string    `json:"colour"`
	Key      string    `json:"key,omitempty"`
	Retired  bool      `json:"retired,omitempty"`
	Subcodes []Subcode `json:"subcodes,omitempty"`
}

// Subcode is one observable behaviour under a code; its Code is written
// "parent/child", e.g. "receiving-initiatives/returning-eye-contact".
type Subcode struct {
	Code    string `json:"code"`
	Label   string `json:"label"`
	Retired bool   `json:"retired,omitempty"`
}

// Annotation is one coded moment of a recording: a point (EndFrame ==
// StartFrame) or a span of frames, both inclusive. Seq is the recording's
// change sequence at its last change; a deleted annotation stays as a
// tombstone (ids and Seq only) so polling clients learn of the deletion.
type Annotation struct {
	ID            string
	RecordingID   string
	CodingID      string // MainCoding, or a second coding's id
	SchemeID      string
	Code          string
	StartFrame    int
	EndFrame      int
	ParticipantID string
	GoalID        string
	Note          string
	Version       int
	Seq           int64
	Deleted       bool
	CreatedBy     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Clip states. Rendering the MP4 of a clip comes with film rendering.
const (
	ClipMarked = "marked"
)

// Clip is a span of frames (both edges inclusive) chosen to show in review.
type Clip struct {
	ID           string
	RecordingID  string
	SchemeID     string
	StartFrame   int
	EndFrame     int
	Title        string
	Caption      string
	Codes        []string
	GoalID       string
	WorkingPoint bool // a moment to work on, chosen with care
	Position     int  // order among the recording's clips, from 0
	Status       string
	Version      int
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Export       *ClipExport // the state of its MP4, when loaded (clipexport.go)
}

// Still states.
const (
	StillProcessing = "processing"
	StillReady      = "ready"
	StillFailed     = "failed"
)

// Still is one frame of a recording, decoded from the original at full
// resolution and stored encrypted as the recording's file of kind StillFileKind(ID).
type Still struct {
	ID          string
	RecordingID string
	Frame       int
	Caption     string
	Status      string
	Error       string
	Width       int
	Height      int
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// StillFileKind is the stored-file kind that holds a still's PNG.
func StillFileKind(stillID string) string { return "still/" + stillID }
