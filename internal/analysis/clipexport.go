package analysis

import (
	"context"
	"log/slog"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// queueExport asks for the clip's MP4 inside the transaction that creates
// it or moves its edges: the export row says "queued" and the job exists
// exactly when the change commits (one pending job per clip). Without a
// queue (a process that never exports) nothing is asked.
func (s *Service) queueExport(ctx context.Context, tx *store.Tx, c *domain.Clip) error {
	if s.EnqueueClipExport == nil {
		return nil
	}
	if err := tx.QueueClipExport(ctx, c.ID, c.RecordingID); err != nil {
		return err
	}
	return s.EnqueueClipExport(ctx, tx, c.ID)
}

// requeueExport queues the export again when a change moved the clip's edges.
func (s *Service) requeueExport(ctx context.Context, tx *store.Tx, c *domain.Clip, before [2]int) error {
	if before == [2]int{c.StartFrame, c.EndFrame} {
		return nil
	}
	return s.queueExport(ctx, tx, c)
}

// attachExports loads the state of each clip's MP4 (nil when none asked).
func attachExports(ctx context.Context, tx *store.Tx, recordingID string, cs ...*domain.Clip) error {
	all, err := tx.ClipExports(ctx, recordingID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		c.Export = all[c.ID]
	}
	return nil
}

// DropClipFile deletes a clip's exported file row (and so its key),
// returning the blob key whose bytes are now unreadable ("" if none).
func DropClipFile(ctx context.Context, tx *store.Tx, recordingID, clipID string) (string, error) {
	f, err := tx.FileOfKind(ctx, recordingID, domain.ClipFileKind(clipID))
	if store.IsNotFound(err) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return f.BlobKey, tx.DeleteFile(ctx, f.ID)
}

// deleteBlob removes bytes whose key is already gone.
func (s *Service) deleteBlob(ctx context.Context, blobKey string) {
	if blobKey == "" || s.Files == nil {
		return
	}
	if err := s.Files.Blobs.Delete(context.WithoutCancel(ctx), blobKey); err != nil {
		slog.WarnContext(ctx, "deleting a clip's video failed; its key is gone, so it stays as an unreadable orphan", "blob", blobKey, "err", err)
	}
}
