// Package supervision holds the rules of supervision on video and of the
// accreditation log: who supervises whom, the material a trainee shares with
// their supervisor (only while the family's consent to supervision is in
// force, checked on every request), comments at exact frames, supervision
// sessions, and the log that fills itself from the work against stage rules
// kept as data.
//
// A material share is narrower than a case share: the supervisor reaches the
// one recording or film shared (and the case's reference, goals and initials)
// and nothing else of the case. A supervisor who also has a case share keeps
// that wider access; the two never widen each other.
package supervision

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
)

// Service is the supervision rules over the database; recordings and films
// are opened through their own packages.
type Service struct {
	DB         *store.DB
	Recordings *recordings.Service
	Films      *films.Service
}

// New makes the service from the recording and film services it reads through.
func New(recs *recordings.Service, fs *films.Service) *Service {
	return &Service{DB: recs.DB, Recordings: recs, Films: fs}
}

func staff(a accounts.Actor) bool {
	return a.User != nil && a.User.Active() && a.User.Role != domain.RoleAdmin
}

func audit(ctx context.Context, tx *store.Tx, a accounts.Actor, action, objType, objID, caseID, detail string) error {
	return tx.Audit(ctx, entry(a, action, objType, objID, caseID, detail))
}

func entry(a accounts.Actor, action, objType, objID, caseID, detail string) domain.AuditEntry {
	return a.Entry(action, objType, objID, caseID, detail)
}

// line, text and tooLong tidy and measure what people type (domain/text.go).
var (
	line    = domain.Line
	text    = domain.Text
	tooLong = domain.TooLong
)
