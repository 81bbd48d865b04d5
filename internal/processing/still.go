package processing

import (
	"context"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Still decodes a still's frame from the recording's ORIGINAL (decrypted to
// a private work folder), at full display resolution, and stores it as an
// encrypted PNG. The frame number becomes a time only through the stored
// frame table, which was read from the original, so the frame decoded is
// the frame numbered. (The playback copy could serve when it is a remux,
// but the original is always exact, so it is used every time.) A still
// deleted meanwhile is left alone; its file, if already stored, is removed.
func (p *Processor) Still(ctx context.Context, stillID string) error {
	st, err := p.still(ctx, stillID)
	if store.IsNotFound(err) || (err == nil && st.Status != domain.StillProcessing) {
		return nil
	} else if err != nil {
		return err
	}
	work, err := os.MkdirTemp(p.Scratch, "still-")
	if err != nil {
		return fmt.Errorf("make a work folder under %s (check it exists and is writable): %w", p.Scratch, err)
	}
	defer os.RemoveAll(work)
	out, err := p.decodeStill(ctx, st, work)
	if err != nil {
		return err
	}
	return p.storeStill(ctx, st, out)
}

func (p *Processor) still(ctx context.Context, id string) (*domain.Still, error) {
	var st *domain.Still
	err := p.DB.View(ctx, func(tx *store.Tx) (err error) {
		st, err = tx.StillByID(ctx, id)
		return err
	})
	return st, err
}

// decodeStill writes the still's frame as work/still.png.
func (p *Processor) decodeStill(ctx context.Context, st *domain.Still, work string) (string, error) {
	pts, err := p.frameTime(ctx, st.RecordingID, st.Frame)
	if err != nil {
		return "", err
	}
	in, out := filepath.Join(work, "original"), filepath.Join(work, "still.png")
	if err := p.decryptOriginal(ctx, st.RecordingID, in); err != nil {
		return "", err
	}
	if err := p.Media.Still(ctx, in, pts, out); err != nil {
		return "", fmt.Errorf("decode frame %d of recording %s: %w", st.Frame, st.RecordingID, err)
	}
	return out, nil
}

// frameTime is the presentation time of frame n, from the stored frame table.
func (p *Processor) frameTime(ctx context.Context, recordingID string, n int) (int64, error) {
	var info *domain.StoredFile
	err := p.DB.View(ctx, func(tx *store.Tx) (err error) {
		info, err = tx.FileOfKind(ctx, recordingID, domain.FileFrames)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("find the frame table of recording %s: %w", recordingID, err)
	}
	f, err := p.files().OpenStored(ctx, info)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	pts, err := analysis.ParseFrameTimes(io.NewSectionReader(f, 0, f.Size()))
	if err != nil {
		return 0, fmt.Errorf("recording %s: %w", recordingID, err)
	}
	if n < 0 || n >= len(pts) {
		return 0, fmt.Errorf("recording %s has %d frames, no frame %d", recordingID, len(pts), n)
	}
	return pts[n], nil
}

// storeStill stores the PNG and marks the still ready, unless it was
// deleted meanwhile (then the file just stored is removed again).
func (p *Processor) storeStill(ctx context.Context, st *domain.Still, path string) error {
	w, h, err := pngSize(path)
	if err != nil {
		return err
	}
	if err := p.storePath(ctx, st.RecordingID, domain.StillFileKind(st.ID), "image/png", path); err != nil {
		return err
	}
	var orphan string
	err = p.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.StillByID(ctx, st.ID)
		if store.IsNotFound(err) {
			orphan, err = analysis.DropStillFile(ctx, tx, st)
			return err
		} else if err != nil {
			return err
		}
		cur.Status, cur.Error, cur.Width, cur.Height = domain.StillReady, "", w, h
		return tx.UpdateStill(ctx, cur)
	})
	if err == nil && orphan != "" {
		if e := p.Blobs.Delete(context.WithoutCancel(ctx), orphan); e != nil {
			slog.WarnContext(ctx, "removing a deleted still's bytes failed; their key is gone", "blob", orphan, "err", e)
		}
	}
	return err
}

func pngSize(path string) (int, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		return 0, 0, fmt.Errorf("read the still's PNG: %w", err)
	}
	return cfg.Width, cfg.Height, nil
}

// StillGiveUp marks a still failed after its last attempt, with a message
// for the guider (the cause goes to the log).
func (p *Processor) StillGiveUp(ctx context.Context, stillID string, cause error) {
	err := p.DB.Update(ctx, func(tx *store.Tx) error {
		st, err := tx.StillByID(ctx, stillID)
		if err != nil {
			return err
		}
		st.Status = domain.StillFailed
		st.Error = "We couldn't take this frame from the original recording, after several tries. Delete the still and try again; if it keeps happening, tell your administrator."
		return tx.UpdateStill(ctx, st)
	})
	if err != nil && !store.IsNotFound(err) {
		slog.ErrorContext(ctx, "marking a still failed", "still", stillID, "err", err, "cause", cause)
	}
}
