package domain

import "time"

// What a trainee can share with their supervisor.
const (
	MaterialRecording = "recording" // a film of the family
	MaterialFilm      = "film"      // an edited film for the shared review
	MaterialReview    = "review"    // the video of the guider's own shared review
)

// Modes of a supervision session.
const (
	SupervisionInPerson  = "in_person"
	SupervisionVideoCall = "video_call"
	SupervisionGroup     = "group"
)

// Kinds of accreditation meeting.
const (
	MeetingTransition    = "transition"    // the review that ends a stage
	MeetingAccreditation = "accreditation" // after the final stage
)

// SettingSupervisionFullNames lets supervisors see families' names in full
// on shared material (by default they see initials).
const SettingSupervisionFullNames = "supervision.full_names"

// SupervisionLink says one user supervises another.
type SupervisionLink struct {
	SupervisorID   string
	SupervisorName string
	TraineeID      string
	TraineeName    string
	TraineeRole    Role
	CreatedAt      time.Time
}

// MaterialShare is one piece of a case's material a trainee shows their supervisor.
type MaterialShare struct {
	ID             string
	CaseID         string
	Kind           string
	MaterialID     string
	TraineeID      string
	TraineeName    string
	SupervisorID   string
	SupervisorName string
	Note           string
	ExpiresAt      *time.Time
	WithdrawnAt    *time.Time
	WithdrawnBy    string
	CreatedAt      time.Time
	Reference      string // the case's reference
	Title          string // the recording's file name or the film's title; empty once erased
	NoConsent      bool   // set when listed: the family's consent to supervision is no longer in force
}

// Live tells whether the share still gives access at t (consent aside).
func (m *MaterialShare) Live(t time.Time) bool {
	return m.WithdrawnAt == nil && (m.ExpiresAt == nil || t.Before(*m.ExpiresAt))
}

// FrameComment is a comment at one frame of shared material, or a reply.
type FrameComment struct {
	ID         string
	ShareID    string
	ParentID   string
	Frame      int
	Body       string
	Discuss    bool
	AuthorID   string
	AuthorName string
	CreatedAt  time.Time
}

// SupervisionSession is one supervision held, as the log records it.
type SupervisionSession struct {
	ID             string
	SupervisorID   string
	SupervisorName string
	TraineeID      string
	TraineeName    string
	HeldOn         string // YYYY-MM-DD
	Minutes        int
	Mode           string
	LearningPoints string
	CaseIDs        []string
	ShareIDs       []string
	RecordedBy     string
	CreatedAt      time.Time
}

// AccreditationStage is what one stage asks for.
type AccreditationStage struct {
	Number           int
	Name             string
	Cycles           int
	NewFamilies      int
	SupervisionHours int
	Final            bool // ends with the accreditation meeting and a reflective statement
	UpdatedBy        string
	UpdatedAt        time.Time
}

// AccreditationMeeting is the review that ends a stage, or the accreditation meeting.
type AccreditationMeeting struct {
	ID         string
	TraineeID  string
	Stage      int
	Kind       string
	HeldOn     string // YYYY-MM-DD
	Reviewer   string
	Outcome    string
	RecordedBy string
	CreatedAt  time.Time
}

// ReviewedCycle is one completed cycle of a trainee's work, for the log.
type ReviewedCycle struct {
	CaseID     string
	Reference  string
	Number     int
	ReviewedAt time.Time
}
