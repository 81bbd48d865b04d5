package domain

import "time"

// StoredInstrument is one version of an outcome measure as kept in the
// database: its definition is the questionnaires package's JSON.
type StoredInstrument struct {
	ID         string
	Key        string
	Version    int
	Name       string
	Source     string
	Definition string
	CreatedBy  string
	CreatedAt  time.Time
}

// Questionnaire time points.
const (
	PointBaseline = "baseline"
	PointAfter    = "cycle" // after cycle N
	PointEnd      = "end"
	PointFollowUp = "follow_up"
)

// Assignment states.
const (
	AssignmentOpen      = "open"
	AssignmentCompleted = "completed"
	AssignmentCancelled = "cancelled"
)

// Assignment is an instrument given to a case at a time point, with the
// parent's link (its hash) and, once completed, the scored result.
type Assignment struct {
	ID             string
	CaseID         string
	InstrumentID   string
	InstrumentKey  string // filled on reads
	InstrumentName string // filled on reads
	Point          string
	Cycle          int
	Status         string
	TokenHash      string
	ExpiresAt      time.Time
	Language       string
	CreatedBy      string
	CreatedAt      time.Time
	CompletedAt    *time.Time
	CompletedBy    string // "parent", or the user who filled it in with the parent
	Total          *float64
	Band           string
	Score          string // the scored result as JSON
	Risk           bool
}

// OutcomeAlert is a risk answer for the guider: it stays until someone
// acknowledges it with the action taken, and is escalated when nobody does
// within the service's time.
type OutcomeAlert struct {
	ID             string
	CaseID         string
	CaseRef        string
	AssignmentID   string
	InstrumentName string
	CreatedAt      time.Time
	OwnerID        string
	OwnerName      string      // the guider, filled by the service
	Items          []AlertItem // the risk answers, filled by the service
	AckAt          *time.Time
	AckBy          string
	AckByName      string // filled by the service
	Action         string // what was done, in the acknowledger's words
	EscalatedAt    *time.Time
	Overdue        bool // not acknowledged within the service's time
	Limited        bool // shown to a duty person who can't open the case: no answers
}

// AlertItem is one risk answer: the question's text and the answer as shown
// to the parent.
type AlertItem struct {
	Question string
	Answer   string
}

// Service settings of risk answers.
const (
	SettingRiskMessage  = "questionnaires.risk_message." // + language: the words a parent sees after a risk answer
	SettingRiskHours    = "questionnaires.risk_hours"    // hours before an unacknowledged alert is escalated
	SettingRiskDutyUser = "questionnaires.risk_duty"     // the user an alert is escalated to besides the case's supervisors
)
