package processing

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/media"
	"github.com/attune-vig/attune/internal/store"
)

// Where each step ends on the recording's progress bar (0..1).
const (
	doneProbe      = 0.05
	doneFrames     = 0.15
	donePlayback   = 0.85
	donePoster     = 0.90
	doneStoryboard = 0.95
	doneWaveform   = 0.98
)

// run is one Process call: the recording, its work folder, what was learned.
type run struct {
	p      *Processor
	rec    *domain.Recording
	work   string
	in     string // the decrypted original
	info   *media.Info
	frames []int64
}

func (r *run) steps(ctx context.Context) error {
	for _, step := range []func(context.Context) error{
		r.decrypt, r.probe, r.frameTable, r.playback, r.poster, r.storyboard, r.waveform, r.finish,
	} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) path(name string) string { return filepath.Join(r.work, name) }

func (r *run) decrypt(ctx context.Context) error {
	if err := r.p.progress(ctx, r.rec.ID, 0); err != nil {
		return err
	}
	r.in = r.path("original")
	return r.p.decryptOriginal(ctx, r.rec.ID, r.in)
}

func (r *run) probe(ctx context.Context) (err error) {
	if r.info, err = r.p.Media.Probe(ctx, r.in); err != nil {
		return fmt.Errorf("probe recording %s: %w", r.rec.ID, err)
	}
	return r.p.progress(ctx, r.rec.ID, doneProbe)
}

func (r *run) frameTable(ctx context.Context) (err error) {
	if r.frames, err = r.p.Media.FrameTable(ctx, r.in); err != nil {
		return fmt.Errorf("list the frames of recording %s: %w", r.rec.ID, err)
	}
	if err := r.p.storeJSON(ctx, r.rec.ID, domain.FileFrames, framesJSON(r.frames)); err != nil {
		return err
	}
	return r.p.progress(ctx, r.rec.ID, doneFrames)
}

func (r *run) playback(ctx context.Context) error {
	out := r.path("playback.mp4")
	bar := r.p.progressBar(ctx, r.rec.ID, doneFrames, donePlayback)
	if err := r.p.Media.PlaybackCopy(ctx, r.in, out, r.info, bar); err != nil {
		return fmt.Errorf("make the playback copy of recording %s: %w", r.rec.ID, err)
	}
	if err := r.p.storePath(ctx, r.rec.ID, domain.FilePlayback, "video/mp4", out); err != nil {
		return err
	}
	return r.p.progress(ctx, r.rec.ID, donePlayback)
}

func (r *run) finish(ctx context.Context) error {
	return r.p.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.RecordingByID(ctx, r.rec.ID)
		if err != nil {
			return err
		}
		cur.Status, cur.Progress, cur.Error = domain.RecordingReady, 1, ""
		cur.DurationMS = r.info.Duration.Milliseconds()
		cur.FrameCount, cur.FPS = len(r.frames), r.info.FPS
		cur.Width, cur.Height = r.info.DisplayWidth, r.info.DisplayHeight
		return tx.UpdateRecording(ctx, cur)
	})
}
