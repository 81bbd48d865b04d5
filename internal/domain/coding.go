package domain

import "time"

// MainCoding is the CodingID of a recording's main coding: the guider's
// working moments, the ones clips, films and exports are made from.
const MainCoding = ""

// Sources of a second coding's moments.
const (
	CodingCoded = ""      // coded in attune's workspace
	CodingEAF   = "eaf"   // imported from an ELAN file
	CodingBORIS = "boris" // imported from a BORIS export
	CodingCSV   = "csv"   // imported from an attune coding CSV
)

// Coding is a second, blind coding of a recording by another person: its
// own moments (annotations with this CodingID) with the same scheme. Neither
// the main coder nor this coder sees the other's moments until both have
// marked their coding done, or the case's owner opens them. Times are zero
// until they happen.
type Coding struct {
	ID          string
	RecordingID string
	CoderID     string
	StartedBy   string
	Source      string
	CoderLabel  string    // who coded an imported coding (the importer is CoderID)
	DoneAt      time.Time // the second coder finished
	MainDoneAt  time.Time // the main coder finished (for this comparison)
	OpenedAt    time.Time // the owner opened both codings before both were done
	OpenedBy    string
	CreatedAt   time.Time
}

// Revealed says whether both codings may be seen side by side now.
func (c *Coding) Revealed() bool {
	return !c.OpenedAt.IsZero() || (!c.DoneAt.IsZero() && !c.MainDoneAt.IsZero())
}

// Imported says whether the moments came from a file (ELAN, BORIS, CSV)
// rather than from the coder's work in attune.
func (c *Coding) Imported() bool { return c.Source != CodingCoded }
