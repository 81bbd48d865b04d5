package domain

import "time"

// FamilyMember is a parent or carer a guider invited to their case's portal.
// They have no password: they sign in with a one-time link or code, then
// keep a long-lived session on their own device.
type FamilyMember struct {
	ID           string
	CaseID       string
	Name         string // as the family chose it
	Email        string // optional: where codes are sent
	Lang         string // the language they picked
	PINHash      string // argon2id, when they chose a PIN
	Failed       int    // wrong codes or PINs in a row
	LastFailedAt time.Time
	InvitedBy    string
	CreatedAt    time.Time
	EndedAt      time.Time // zero while they have access
}

// Active tells whether the member may still sign in.
func (m *FamilyMember) Active() bool { return m.EndedAt.IsZero() }

// Kinds of family sign-in pass.
const (
	PassLink = "link" // a ≥128-bit token in a URL
	PassCode = "code" // 8 digits typed with the e-mail address
)

// FamilyPass is a one-time sign-in link or code, stored as a hash.
type FamilyPass struct {
	Hash      string
	MemberID  string
	Kind      string
	ExpiresAt time.Time
	CreatedAt time.Time
}

// FamilySession is a parent's signed-in device.
type FamilySession struct {
	IDHash     string
	MemberID   string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	UnlockedAt time.Time // when the PIN was last entered
	Lang       string
	IP         string
	// Filled on reads: the PIN must be entered (Locked) or chosen first.
	Locked, MustChoosePIN bool
}

// Kinds and states of a family's request to the guider.
const (
	RequestFilm = "film" // delete one film
	RequestData = "data" // delete everything about us

	RequestOpen = "open"
	RequestDone = "done"
)

// FamilyRequest is something a parent asked the guider to do.
type FamilyRequest struct {
	ID        string
	CaseID    string
	MemberID  string
	Kind      string
	FilmID    string
	Note      string
	Status    string
	CreatedAt time.Time
	DoneBy    string
	DoneAt    time.Time
}

// FamilyMedia is a picture or short video an administrator uploaded for the
// Resources page, stored encrypted like every other file.
type FamilyMedia struct {
	ID          string
	Kind        string // image or video
	Name        string
	ContentType string
	BlobKey     string
	WrappedKey  []byte
	Size        int64
	CreatedBy   string
	CreatedAt   time.Time
}

// FamilyLocale is a language a service added for the family's pages.
type FamilyLocale struct {
	Lang      string
	Name      string
	Catalogue string // JSON: key → message
	UpdatedBy string
	UpdatedAt time.Time
}

// Service settings of the family's side.
const (
	SettingFamilyPIN         = "family_pin"         // "true": parents choose a PIN
	SettingResourcesText     = "resources_markdown" // the Resources page, Markdown
	SettingResourcesAudience = "resources_audience" // "public" or "families"
)
