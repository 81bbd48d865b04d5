package upload

import (
	"context"
	"log/slog"
	"time"

	"github.com/attune-vig/attune/internal/blob"
)

// staleAfter is how old a staged object that no part records must be
// before the sweep removes it: older than any request still storing it.
const staleAfter = 6 * time.Hour

// sweepEvery is how often a server sweeps, beginning at its start.
const sweepEvery = time.Hour

// sweepForever sweeps now and then every interval, for the life of the
// process (the handler has no shutdown).
func (s *store) sweepForever(interval time.Duration) {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		s.sweepStaged(ctx, staleAfter)
		cancel()
		time.Sleep(interval)
	}
}

// sweepStaged removes staged objects that no part records and that are
// older than age: left by a server that died while storing them, or after
// recording them failed.
func (s *store) sweepStaged(ctx context.Context, age time.Duration) (removed int) {
	keys, err := s.cfg.Blobs.List(ctx, stagingPrefix)
	if err != nil {
		slog.Warn("upload: listing staged parts to sweep", "error", err)
		return 0
	}
	recorded, err := s.cfg.Parts.Keys(ctx)
	if err != nil {
		slog.Warn("upload: reading recorded parts to sweep", "error", err)
		return 0
	}
	for _, k := range keys {
		created, ok := partCreated(k)
		if recorded[k] || (ok && time.Since(created) < age) {
			continue
		}
		if err := s.cfg.Blobs.Delete(ctx, k); err == nil {
			removed++
		}
	}
	if removed > 0 {
		slog.Info("upload: swept stale staged parts", "count", removed)
	}
	return removed
}

// forgetJoined removes the parts of an upload that finished (Finished
// succeeded) but whose parts a crash left behind.
func (s *store) forgetJoined(ctx context.Context, up *Upload) {
	if s.cfg.Parts == nil {
		return
	}
	if parts, err := s.cfg.Parts.List(ctx, up.ID); err == nil && len(parts) > 0 {
		s.dropParts(context.WithoutCancel(ctx), up.ID, parts)
	}
}

// DiscardParts removes whatever is staged in the blob store for an upload
// (a recording deleted before its upload finished).
func DiscardParts(ctx context.Context, blobs blob.Store, parts Parts, id string) error {
	if !validID.MatchString(id) {
		return nil
	}
	keys, err := blobs.List(ctx, stagingPrefix+id+"/")
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := blobs.Delete(ctx, k); err != nil {
			return err
		}
	}
	if err := parts.Delete(ctx, id); err != nil {
		return err
	}
	return nil
}
