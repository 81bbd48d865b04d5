package domain

import "time"

// Role is what a staff account may do in the service.
type Role string

const (
	RoleAdmin        Role = "admin"
	RolePractitioner Role = "practitioner"
	RoleSupervisor   Role = "supervisor"
)

// User is a staff account.
type User struct {
	ID            string
	Email         string
	Name          string
	Role          Role
	PasswordHash  string
	TOTPSecret    string // empty until enrolled
	TOTPLastStep  int64
	MFARequired   bool
	FailedLogins  int
	LastFailedAt  time.Time
	DisabledAt    *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	PasswordSetAt time.Time
}

// Active reports whether the account may sign in.
func (u *User) Active() bool { return u.DisabledAt == nil }

// MFAEnrolled reports whether a second factor is set up.
func (u *User) MFAEnrolled() bool { return u.TOTPSecret != "" }

// Session is a signed-in browser. Only the hash of its id is stored.
type Session struct {
	IDHash      string
	UserID      string
	CreatedAt   time.Time
	LastSeenAt  time.Time
	ExpiresAt   time.Time // absolute end
	MFAPassed   bool      // false while the second factor is still to be given
	EnrolSecret string    // a TOTP secret being enrolled, until confirmed
	IP          string
}

// APIToken is a bearer token for the JSON API. Only its hash is stored.
type APIToken struct {
	ID        string
	UserID    string
	Hash      string
	Label     string
	CreatedAt time.Time
	ExpiresAt time.Time // refused from then on
}

// Expired tells whether the token no longer works at now.
func (t APIToken) Expired(now time.Time) bool { return !now.Before(t.ExpiresAt) }

// Link purposes for one-time links.
const (
	LinkSetup = "setup" // create the first administrator
	LinkReset = "reset" // set a new password (and second factor) for an account
)

// OneTimeLink is a single-use, expiring link. Only its hash is stored.
type OneTimeLink struct {
	Hash          string
	Purpose       string
	UserID        string
	ExpiresAt     time.Time
	RequestedBy   string // the administrator who reset the account, if one did
	NeedsApproval bool   // works only once another administrator approved it
	ApprovedBy    string
}

// Label is the role's name for people.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administrator"
	case RolePractitioner:
		return "Practitioner"
	case RoleSupervisor:
		return "Supervisor"
	}
	return "Unknown role"
}
