package domain

import "time"

// AuditEntry is one line of the append-only, hash-chained audit trail. It names
// who did what to which record, never the record's content.
type AuditEntry struct {
	Seq        int64
	At         time.Time
	ActorID    string // user id, empty for the system or an anonymous caller
	Action     string // e.g. "case.view", "case.update", "user.login.failed"
	ObjectType string
	ObjectID   string
	CaseID     string
	IP         string
	Detail     string // short, safe, never content
	PrevHash   string
	Hash       string
}
