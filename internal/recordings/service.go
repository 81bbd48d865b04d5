// Package recordings holds the rules for films of a family: who may add,
// watch and delete them, the size limits, and what happens to their files.
package recordings

import (
	"context"
	"sync"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// ConsentChecker says whether a case has the consent that filming, and a
// supervisor watching the footage, need (package lifecycle keeps consent).
type ConsentChecker interface {
	CanFilm(ctx context.Context, tx *store.Tx, caseID string) error
	CanSupervise(ctx context.Context, tx *store.Tx, caseID string) error
}

// Service is the recording rules over the database, key ring and blob store.
type Service struct {
	DB         *store.DB
	Keys       *vault.KeyRing
	Blobs      blob.Store
	Consent    ConsentChecker
	MaxBytes   int64 // per file
	QuotaBytes int64 // per uploader, over all their recordings
	// Enqueue schedules processing inside the transaction that marks the
	// upload finished (the job queue's transactional insert).
	Enqueue func(ctx context.Context, tx *store.Tx, recordingID string) error
	// DiscardUpload removes an unfinished upload's staging file.
	DiscardUpload func(id string)
	// ForgetDerived erases what was made from a recording elsewhere (films
	// with its clips and stills), inside the erasing transaction; the func
	// it returns runs after the commit.
	ForgetDerived func(ctx context.Context, tx *store.Tx, recordingID string) (func(), error)
	// Shreds, when set, lists every deletion's file keys so that old
	// backups cannot bring the files back (erase.go, vault.ShredList).
	Shreds *vault.ShredList

	mu           sync.Mutex
	lastProgress map[string]time.Time // per upload, to write progress at most once a second
}

// Load finds a recording and checks the caller may do what they want to its
// case; a recording the caller may not see is "not found". Everything that
// belongs to a recording (annotations, clips, stills) is authorized through it.
func Load(ctx context.Context, tx *store.Tx, a accounts.Actor, id, want string) (*domain.Recording, error) {
	r, err := tx.RecordingByID(ctx, id)
	if store.IsNotFound(err) {
		return nil, domain.NotFound("recording")
	} else if err != nil {
		return nil, err
	}
	if err := casework.Authorize(ctx, tx, a, r.CaseID, want); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.NotFound("recording")
		}
		return nil, err
	}
	return r, nil
}

// CheckFootage is asked before anyone sees a case's footage (films, stills):
// a supervisor needs the family's consent to supervision.
func (s *Service) CheckFootage(ctx context.Context, tx *store.Tx, a accounts.Actor, caseID string) error {
	if a.User == nil || a.User.Role != domain.RoleSupervisor {
		return nil
	}
	return s.Consent.CanSupervise(ctx, tx, caseID)
}

func audit(ctx context.Context, tx *store.Tx, a accounts.Actor, action string, r *domain.Recording) error {
	return tx.Audit(ctx, entry(a, action, r))
}

func entry(a accounts.Actor, action string, r *domain.Recording) domain.AuditEntry {
	return domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: "recording", ObjectID: r.ID, CaseID: r.CaseID, IP: a.IP}
}

// BlobKey is where a stored file's encrypted bytes live.
func BlobKey(recordingID, fileID string) string { return "rec/" + recordingID + "/" + fileID }

// forgetDerived runs ForgetDerived, when set.
func (s *Service) forgetDerived(ctx context.Context, tx *store.Tx, id string) (func(), error) {
	if s.ForgetDerived == nil {
		return func() {}, nil
	}
	return s.ForgetDerived(ctx, tx, id)
}
