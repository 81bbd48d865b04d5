package processing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/jobs"
	"github.com/attune-vig/attune/internal/media"
	"github.com/attune-vig/attune/internal/store"
)

// maxStaleRounds bounds how often one export starts again because the
// clip's edges changed while it was being cut.
const maxStaleRounds = 5

// errStale says the clip's edges changed while it was being exported.
var errStale = errors.New("the clip's edges changed while it was exported")

// ClipExport makes the clip's MP4 (exactly its frames, sound re-encoded)
// and stores it encrypted as the recording's file of kind
// domain.ClipFileKind. If the edges change while it is cut, the result is
// not marked ready and the cut runs again with the new edges. A clip
// deleted meanwhile is left alone (its file, if just stored, is removed).
func (p *Processor) ClipExport(ctx context.Context, clipID string) error {
	for range maxStaleRounds {
		err := p.exportOnce(ctx, clipID)
		if !errors.Is(err, errStale) {
			return err
		}
		slog.InfoContext(ctx, "clip changed while exported; exporting again", "clip", clipID)
	}
	return fmt.Errorf("clip %s: %w %d times in a row", clipID, errStale, maxStaleRounds)
}

func (p *Processor) exportOnce(ctx context.Context, clipID string) error {
	c, err := p.clip(ctx, clipID)
	if store.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if c.Export.Current(c) {
		return nil
	}
	bar := p.clipBar(ctx, clipID)
	bar(0)
	work, err := os.MkdirTemp(p.Scratch, "clip-")
	if err != nil {
		return fmt.Errorf("make a work folder under %s (check it exists and is writable): %w", p.Scratch, err)
	}
	defer os.RemoveAll(work)
	out := filepath.Join(work, "clip.mp4")
	split := Split{Queue: jobs.Waited(ctx)}
	if err := p.cutClip(ctx, c, out, bar, &split); err != nil {
		return err
	}
	began := time.Now()
	if err := p.storeClip(ctx, c, out); err != nil {
		return err
	}
	split.Store = time.Since(began)
	p.observe("clip export", clipID, split)
	return nil
}

// clip loads a clip with its export's state (created queued if missing).
func (p *Processor) clip(ctx context.Context, id string) (*domain.Clip, error) {
	var c *domain.Clip
	err := p.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if c, err = tx.ClipByID(ctx, id); err != nil {
			return err
		}
		c.Export, err = tx.ClipExport(ctx, id)
		if store.IsNotFound(err) {
			if err = tx.QueueClipExport(ctx, id, c.RecordingID); err == nil {
				c.Export, err = tx.ClipExport(ctx, id)
			}
		}
		return err
	})
	return c, err
}

// cutClip cuts the clip's frames from the recording's playback copy, and
// the frames it encodes from the original when the copy was re-encoded,
// both streamed to ffmpeg decrypted (see playbackSource).
func (p *Processor) cutClip(ctx context.Context, c *domain.Clip, out string, bar func(float64), split *Split) error {
	frames, err := p.frameTable(ctx, c.RecordingID)
	if err != nil {
		return err
	}
	src, err := p.servePlayback(ctx, c.RecordingID)
	if err != nil {
		return err
	}
	defer src.Close()
	cut := media.ClipSource{URL: src.URL, Index: p.cutIndexOf(ctx, c.RecordingID)}
	orig, err := p.serveStored(ctx, c.RecordingID, domain.FileOriginal)
	if err == nil {
		defer orig.Close()
		cut.Original = &media.ClipSource{URL: orig.URL}
	} else {
		slog.WarnContext(ctx, "cutting a clip from the playback copy alone", "clip", c.ID, "err", err)
	}
	res, err := p.Media.ClipCut(ctx, cut, frames, c.StartFrame, c.EndFrame, out, bar)
	if err != nil {
		return fmt.Errorf("cut frames %d–%d of recording %s: %w", c.StartFrame, c.EndFrame, c.RecordingID, err)
	}
	split.Probe, split.Encode, split.Join = res.Probe, res.Encode, res.Join
	split.Decrypt, split.DecryptedBytes = src.read.spent()
	if orig != nil {
		d, n := orig.read.spent()
		split.Decrypt, split.DecryptedBytes = split.Decrypt+d, split.DecryptedBytes+n
	}
	slog.InfoContext(ctx, "clip exported", "clip", c.ID, "smart", res.Smart, "copied", res.Copied, "reencoded", res.Reencoded)
	return nil
}

// cutIndexOf is the recording's stored cut index, or nil (an older
// recording, or one whose index could not be made: the cut reads it).
func (p *Processor) cutIndexOf(ctx context.Context, recordingID string) []byte {
	var info *domain.StoredFile
	err := p.DB.View(ctx, func(tx *store.Tx) (err error) {
		info, err = tx.FileOfKind(ctx, recordingID, domain.FileCutIndex)
		return err
	})
	if err != nil {
		return nil
	}
	f, err := p.files().OpenStored(ctx, info)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, err := io.ReadAll(io.NewSectionReader(f, 0, f.Size()))
	if err != nil {
		slog.WarnContext(ctx, "reading the cut index failed; the cut reads the playback copy's", "recording", recordingID, "err", err)
		return nil
	}
	return b
}

// frameTable is the recording's stored table of frame times (µs).
func (p *Processor) frameTable(ctx context.Context, recordingID string) ([]int64, error) {
	var info *domain.StoredFile
	err := p.DB.View(ctx, func(tx *store.Tx) (err error) {
		info, err = tx.FileOfKind(ctx, recordingID, domain.FileFrames)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find the frame table of recording %s: %w", recordingID, err)
	}
	f, err := p.files().OpenStored(ctx, info)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pts, err := analysis.ParseFrameTimes(io.NewSectionReader(f, 0, f.Size()))
	if err != nil {
		return nil, fmt.Errorf("recording %s: %w", recordingID, err)
	}
	return pts, nil
}

// storeClip stores the MP4 and marks the export ready, if the clip still
// has the edges it was cut with; deleted meanwhile, the file goes again.
func (p *Processor) storeClip(ctx context.Context, c *domain.Clip, path string) error {
	if err := p.storePath(ctx, c.RecordingID, domain.ClipFileKind(c.ID), "video/mp4", path); err != nil {
		return err
	}
	var orphan string
	err := p.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.ClipByID(ctx, c.ID)
		if store.IsNotFound(err) {
			orphan, err = analysis.DropClipFile(ctx, tx, c.RecordingID, c.ID)
			return err
		} else if err != nil {
			return err
		}
		if cur.StartFrame != c.StartFrame || cur.EndFrame != c.EndFrame {
			return errStale
		}
		return tx.UpdateClipExport(ctx, &domain.ClipExport{ClipID: c.ID, Status: domain.ClipExportReady, Progress: 1,
			StartFrame: c.StartFrame, EndFrame: c.EndFrame})
	})
	if err == nil && orphan != "" {
		if e := p.Blobs.Delete(context.WithoutCancel(ctx), orphan); e != nil {
			slog.WarnContext(ctx, "removing a deleted clip's bytes failed; their key is gone", "blob", orphan, "err", e)
		}
	}
	return err
}

// ClipExportGiveUp marks a clip's export failed after its last attempt,
// with a message for the guider (the cause goes to the log).
func (p *Processor) ClipExportGiveUp(ctx context.Context, clipID string, cause error) {
	err := p.DB.Update(ctx, func(tx *store.Tx) error {
		e, err := tx.ClipExport(ctx, clipID)
		if err != nil {
			return err
		}
		e.Status, e.Progress = domain.ClipExportFailed, 0
		e.Error = "We couldn't make this clip's video, after several tries. Change its first or last frame slightly to try again; if it keeps happening, tell your administrator (the server log has the details)."
		return tx.UpdateClipExport(ctx, e)
	})
	if err != nil && !store.IsNotFound(err) {
		slog.ErrorContext(ctx, "marking a clip export failed", "clip", clipID, "err", err, "cause", cause)
	}
}
