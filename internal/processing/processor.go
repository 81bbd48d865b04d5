// Package processing turns an uploaded original into everything the
// workspace needs: a frame table, a playback copy, a poster, a storyboard and
// a waveform, each stored encrypted. Plaintext exists only in a private work
// folder under Scratch, removed when Process returns.
package processing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/media"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Processor holds what processing a recording needs.
type Processor struct {
	DB      *store.DB
	Keys    *vault.KeyRing
	Blobs   blob.Store
	Media   media.Tools
	Scratch string // folder for plaintext work files; each run's are removed after
	// Shreds, when set, lists the keys of film files a render replaces or
	// drops, as deleting a film does (films.Files).
	Shreds *vault.ShredList
	// Observe, when set, is told where the time of each clip export and
	// film render went (kind "clip export" or "film render"; benchmarks).
	Observe func(kind, id string, s Split)
}

// Process makes the recording's derived files and marks it ready. A file that
// is not a video we accept marks the recording failed, with a message for the
// uploader, and returns an error wrapping the *media.RejectError (do not
// retry it). Any other error leaves the recording processing, to be retried:
// a re-run replaces whatever a cut-off run stored.
func (p *Processor) Process(ctx context.Context, recordingID string) error {
	rec, err := p.recording(ctx, recordingID)
	if store.IsNotFound(err) {
		slog.InfoContext(ctx, "recording to process is gone; nothing to do", "recording", recordingID)
		return nil
	}
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp(p.Scratch, "process-")
	if err != nil {
		return fmt.Errorf("make a work folder under %s (check it exists and is writable): %w", p.Scratch, err)
	}
	defer os.RemoveAll(work)
	r := &run{p: p, rec: rec, work: work}
	err = r.steps(ctx)
	var rejected *media.RejectError
	if errors.As(err, &rejected) {
		return errors.Join(err, p.fail(ctx, rec, rejected))
	}
	return err
}

func (p *Processor) recording(ctx context.Context, id string) (*domain.Recording, error) {
	var rec *domain.Recording
	err := p.DB.View(ctx, func(tx *store.Tx) (err error) {
		rec, err = tx.RecordingByID(ctx, id)
		return err
	})
	return rec, err
}

// fail marks the recording failed with the rejection's message for people.
func (p *Processor) fail(ctx context.Context, rec *domain.Recording, rejected *media.RejectError) error {
	return p.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.RecordingByID(ctx, rec.ID)
		if err != nil {
			return err
		}
		cur.Status, cur.Progress, cur.Error = domain.RecordingFailed, 0, rejected.Error()
		return tx.UpdateRecording(ctx, cur)
	})
}

// GiveUp marks a recording failed after its last processing attempt, with a
// message for the guider (the cause goes to the log).
func (p *Processor) GiveUp(ctx context.Context, recordingID string, cause error) {
	err := p.DB.Update(ctx, func(tx *store.Tx) error {
		rec, err := tx.RecordingByID(ctx, recordingID)
		if err != nil {
			return err
		}
		rec.Status, rec.Progress = domain.RecordingFailed, 0
		rec.Error = "We couldn't prepare this recording for viewing, after several tries. Try uploading it again; if it keeps happening, tell your administrator (the server log has the details)."
		return tx.UpdateRecording(ctx, rec)
	})
	if err != nil {
		slog.ErrorContext(ctx, "marking a recording failed", "recording", recordingID, "err", err, "cause", cause)
	}
}
