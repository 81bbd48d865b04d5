package domain

import "time"

// Consent purposes: what the family agreed to, each separately.
const (
	PurposeFilming     = "filming"
	PurposeSupervision = "supervision"
	PurposeTraining    = "training"
	PurposeConference  = "conference"
)

// Consent is one signed consent record for a case. It is never edited:
// a change is a withdrawal and a new record.
type Consent struct {
	ID             string
	CaseID         string
	Purposes       []string
	GivenBy        string // who consented, with parental responsibility
	Signature      string // typed name (a drawn signature may come later)
	ChildAssent    *bool  // nil when not asked (e.g. a baby)
	RetainDays     *int   // days footage is kept after the case closes
	WordingVersion string
	RecordedBy     string
	CreatedAt      time.Time
	WithdrawnAt    *time.Time
	WithdrawnBy    string
}

// Has tells whether the consent covers a purpose.
func (c *Consent) Has(purpose string) bool {
	for _, p := range c.Purposes {
		if p == purpose {
			return true
		}
	}
	return false
}

// InForce tells whether the consent has not been withdrawn.
func (c *Consent) InForce() bool { return c.WithdrawnAt == nil }

// Goal states.
const (
	GoalOpen   = "open"
	GoalClosed = "closed"
)

// Goal is one of the family's goals: their helping question, in their words.
type Goal struct {
	ID              string
	CaseID          string
	HelpingQuestion string
	Hoped           int
	Status          string
	CreatedAt       time.Time
	Ratings         []Rating
}

// Rating time points.
const (
	PointFirstMeeting = "first_meeting"
	PointCycle        = "cycle"
	PointEnding       = "ending"
)

// Rating is where the family puts itself on a goal, 0 to 10, at a time point.
type Rating struct {
	ID        string
	GoalID    string
	Value     int
	Point     string
	Cycle     int // for PointCycle: after which cycle
	CreatedAt time.Time
}

// Intervention stages: where a case stands in the work.
const (
	StageFirstMeeting = "first_meeting"
	StageCycles       = "cycles"
	StageEnding       = "ending"
	StageEnded        = "ended"
)

// Cycle states: one filming and its shared review.
const (
	CyclePlanned   = "planned"
	CycleFilmed    = "filmed"
	CycleEdited    = "edited"
	CycleReviewed  = "reviewed"
	CycleCancelled = "cancelled"
)

// Cycle is one filming with its micro-analysis and shared review.
type Cycle struct {
	ID          string
	CaseID      string
	Number      int
	Status      string
	ParentWords string // the parent's own words in the review
	NextSteps   string // what they want to try next
	UpdatedAt   time.Time

	// What set the status, who and when: by hand (StatusManual) or by the
	// work itself (a recording, a clip, a film, the shared review's words).
	StatusSource string
	StatusBy     string // account id; "" when not known
	StatusByName string // that account's name, when read
	StatusAt     time.Time
}

// Open tells whether the cycle still has work to do.
func (c *Cycle) Open() bool { return c.Status != CycleReviewed && c.Status != CycleCancelled }

// Session kinds, places and attendance.
const (
	SessionFirstMeeting = "first_meeting"
	SessionFilming      = "filming"
	SessionReview       = "review"
	SessionEnding       = "ending"
	SessionFollowUp     = "follow_up"
)

// Meeting is a session with the family in the guider's diary.
type Meeting struct {
	ID         string
	CaseID     string
	CaseRef    string
	Kind       string
	StartsAt   time.Time
	Minutes    int
	Place      string // home, clinic, video_call
	Attendance string // "", attended, cancelled, did_not_attend
	Cycle      int    // the cycle it belongs to; 0 for none
	CreatedBy  string
	CreatedAt  time.Time
}

// Note kinds: what the family says, written down together.
const (
	NoteFirstMeeting       = "first_meeting"
	NoteChild              = "child"
	NoteRelationship       = "relationship"
	NoteEndingChild        = "ending_child"
	NoteEndingRelationship = "ending_relationship"
	NoteFuture             = "future"
	NoteLetter             = "letter"
)

// Note is one piece of writing on a case, in the family's words.
type Note struct {
	CaseID    string
	Kind      string
	Body      string
	UpdatedBy string
	UpdatedAt time.Time
}
