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

// OutcomeAlert is a risk answer waiting for the guider to see it.
type OutcomeAlert struct {
	ID             string
	CaseID         string
	CaseRef        string
	AssignmentID   string
	InstrumentName string
	CreatedAt      time.Time
}
