package domain

import "time"

// Case states.
const (
	CaseOpen   = "open"
	CaseClosed = "closed"
)

// Participant roles in a case.
const (
	ParticipantAdult = "adult"
	ParticipantChild = "child"
)

// Case is the work with one relationship (e.g. a mother and her son).
type Case struct {
	ID           string
	OwnerID      string
	OwnerName    string
	Reference    string
	Focus        string // in the family's own words
	InitialsOnly bool
	Status       string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ClosedAt     *time.Time
	Version      int
	Participants []Participant
	Shares       []Share
	Progress     *Progress // filled for the caseload and a case's page
}

// Participant is an adult or a child in the case.
type Participant struct {
	ID        string
	Role      string
	Name      string
	Relation  string // for adults: mother, father, carer, ...
	BirthDate string // for children: YYYY-MM-DD
}

// Share gives a colleague or supervisor access to a case.
type Share struct {
	UserID   string
	UserName string
	Role     Role
	At       time.Time
}

// Access says how a user reaches a case.
type Access string

const (
	AccessNone   Access = ""
	AccessOwner  Access = "owner"
	AccessShared Access = "shared"
)

// Progress is where a case stands in the intervention, in brief, for the
// caseload: enough to say what comes next without loading everything.
type Progress struct {
	Stage       string
	OpenGoals   int
	Filming     bool     // a filming consent is in force
	NextCycle   *Cycle   // the first cycle with work left, if any
	NextSession *Meeting // the next planned session, if any
}
