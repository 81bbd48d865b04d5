package domain

import "time"

// RetentionRules are the service's promises about how long data is kept.
type RetentionRules struct {
	FootageDays  int    // raw footage and clips: days after the case closes
	RecordsAge   int    // case records: until the youngest child reaches this age
	RecordsYears int    // case records with no child's birth date: years after closing
	AuditYears   int    // audit entries: years kept
	DPContact    string // the data-protection contact's e-mail (an account), told of every break-glass
	UpdatedAt    time.Time
	UpdatedBy    string
}

// LegalHold stops all deletion for a case.
type LegalHold struct {
	CaseID   string
	Reason   string
	PlacedBy string
	PlacedAt time.Time
}

// RetentionCase is what the retention rules need to know of a closed case.
type RetentionCase struct {
	CaseID        string
	OwnerID       string
	ClosedAt      time.Time
	YoungestBirth string // the youngest child's birth date (YYYY-MM-DD), "" if none is recorded
	RetainDays    *int   // the shortest footage period a consent promised, if any
	Held          bool
	Recordings    []string
}

// BreakGlass is an administrator's time-limited emergency access to a case.
type BreakGlass struct {
	ID         string
	UserID     string
	UserName   string
	CaseID     string
	Reason     string
	GrantedAt  time.Time
	ExpiresAt  time.Time
	ReviewedAt *time.Time
	ReviewedBy string
}

// Active reports whether the grant is in force at t.
func (g *BreakGlass) Active(t time.Time) bool { return t.Before(g.ExpiresAt) }

// Notification is a message shown on a person's dashboard.
type Notification struct {
	ID        string
	UserID    string
	Kind      string
	Text      string
	CaseID    string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// SARExport is a subject access export: a zip of everything held about one
// family, stored encrypted until it expires.
type SARExport struct {
	ID         string
	CaseID     string
	CreatedBy  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	BlobKey    string
	WrappedKey []byte
	Size       int64
	Withheld   int // how many people's names were left out as third parties
}
