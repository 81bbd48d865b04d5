package processing

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/media"
	"github.com/attune-vig/attune/internal/store"
)

// Where each step ends on the recording's progress bar (0..1). The film is
// ready to play as soon as its playback copy and frame table are stored; the
// poster, storyboard and waveform follow, made side by side.
const (
	doneProbe    = 0.05
	doneFrames   = 0.15
	donePlayback = 0.98
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
	if err := sequence(ctx, r.decrypt, r.probe, r.frameTable, r.playback, r.finish); err != nil {
		return err
	}
	return together(ctx, r.poster, r.storyboard, r.waveform, r.cutIndex)
}

// sequence runs steps one after the other, stopping at the first error.
func sequence(ctx context.Context, steps ...func(context.Context) error) error {
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// together runs steps at the same time; the first error cancels the others.
func together(ctx context.Context, steps ...func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	errs := make(chan error, len(steps))
	for _, step := range steps {
		go func() { errs <- step(ctx) }()
	}
	var first error
	for range steps {
		if err := <-errs; err != nil && first == nil {
			first = err
			cancel(err)
		}
	}
	return first
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

// cutIndex stores the playback copy's streams and packets, so a clip's cut
// need not read them from the copy again (media.Tools.CutIndex). Without
// it clips are still cut, reading them: a failure here is only logged.
func (r *run) cutIndex(ctx context.Context) error {
	b, err := r.p.Media.CutIndex(ctx, r.path("playback.mp4"))
	if err == nil {
		err = r.p.store(ctx, r.rec.ID, domain.FileCutIndex, "application/json", bytes.NewReader(b))
	}
	if err != nil && ctx.Err() == nil {
		slog.WarnContext(ctx, "no cut index for the recording; clips will read the playback copy's index", "recording", r.rec.ID, "err", err)
		return nil
	}
	return err
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
