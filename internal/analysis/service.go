// Package analysis holds the rules of micro-analysis: coding schemes, the
// annotations a guider codes a recording with, the clips and stills chosen
// from it, and the coding's exports. Everything on a recording is authorized
// through casework.Authorize, like the recording itself.
package analysis

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
)

// Service is the micro-analysis rules over the database and the recordings'
// encrypted files.
type Service struct {
	DB *store.DB
	// Files stores and opens encrypted files (stills, the frame table).
	Files *recordings.Service
	// EnqueueStill schedules decoding a still, inside the transaction that
	// creates it (the job queue's transactional insert).
	EnqueueStill func(ctx context.Context, tx *store.Tx, stillID string) error
	// EnqueueClipExport schedules making a clip's MP4, inside the
	// transaction that creates it or moves its edges (clipexport.go).
	EnqueueClipExport func(ctx context.Context, tx *store.Tx, clipID string) error
}

// recording finds a recording the caller may act on (see recordings.Load).
var recording = recordings.Load

// readyRecording is recording, for work that needs the frames: the film
// must be processed.
func readyRecording(ctx context.Context, tx *store.Tx, a accounts.Actor, id, want string) (*domain.Recording, error) {
	r, err := recording(ctx, tx, a, id, want)
	if err != nil {
		return nil, err
	}
	if r.Status != domain.RecordingReady || r.FrameCount <= 0 {
		return nil, domain.Errorf(domain.ECONFLICT, "This recording isn't ready yet, so its frames can't be coded. Wait until processing has finished.")
	}
	return r, nil
}

// owned loads the recording something belongs to, for the caller; if they
// may not see it, the thing itself (what) is "not found".
func owned(ctx context.Context, tx *store.Tx, a accounts.Actor, recordingID, want, what string) (*domain.Recording, error) {
	r, err := recording(ctx, tx, a, recordingID, want)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, domain.NotFound(what)
	}
	return r, err
}

// audit records a change (ids only, never content).
func audit(ctx context.Context, tx *store.Tx, a accounts.Actor, action, objectType, objectID string, r *domain.Recording) error {
	return tx.Audit(ctx, entry(a, action, objectType, objectID, r))
}

func entry(a accounts.Actor, action, objectType, objectID string, r *domain.Recording) domain.AuditEntry {
	return domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: objectType, ObjectID: objectID,
		CaseID: r.CaseID, IP: a.IP, Detail: "recording " + r.ID}
}
