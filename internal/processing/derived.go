package processing

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/attune-vig/attune/internal/domain"
)

// posterAt is how far in the poster frame is taken, when the film is that long.
const posterAt = 1_000_000 // µs

// poster stores the first frame presented at or after one second (or the
// first frame of a shorter film) as a PNG.
func (r *run) poster(ctx context.Context) error {
	pts := r.frames[0]
	for _, f := range r.frames {
		if f >= posterAt {
			pts = f
			break
		}
	}
	out := r.path("poster.png")
	if err := r.p.Media.Still(ctx, r.in, pts, out); err != nil {
		return fmt.Errorf("make the poster of recording %s: %w", r.rec.ID, err)
	}
	if err := r.p.storePath(ctx, r.rec.ID, domain.FilePoster, "image/png", out); err != nil {
		return err
	}
	return nil
}

func (r *run) storyboard(ctx context.Context) error {
	out := r.path("storyboard.jpg")
	sb, err := r.p.Media.Storyboard(ctx, r.in, out, r.info)
	if err != nil {
		return fmt.Errorf("make the storyboard of recording %s: %w", r.rec.ID, err)
	}
	if err := r.p.storePath(ctx, r.rec.ID, domain.FileStoryboard, "image/jpeg", out); err != nil {
		return err
	}
	if err := r.p.storeJSON(ctx, r.rec.ID, domain.FileStoryboardIndex, sb); err != nil {
		return err
	}
	return nil
}

// waveform stores the audio peaks; a film without sound gets an empty list.
func (r *run) waveform(ctx context.Context) error {
	w, err := r.p.Media.Waveform(ctx, r.in, r.info)
	if err != nil {
		return fmt.Errorf("make the waveform of recording %s: %w", r.rec.ID, err)
	}
	if err := r.p.storeJSON(ctx, r.rec.ID, domain.FileWaveform, w); err != nil {
		return err
	}
	return nil
}

// frameTimes is the frames file: {"pts_ms":[0.000,33.367,...]}, every
// frame's presentation time in milliseconds to the microsecond.
type frameTimes struct {
	PTSms []json.Number `json:"pts_ms"`
}

func framesJSON(us []int64) frameTimes {
	out := frameTimes{PTSms: make([]json.Number, len(us))}
	for i, t := range us {
		out.PTSms[i] = json.Number(strconv.FormatFloat(float64(t)/1000, 'f', 3, 64))
	}
	return out
}
