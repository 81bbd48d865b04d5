package media

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// ClipResult says how a clip was made (for logs, tests and benchmarks).
type ClipResult struct {
	Smart     bool // part of the video was stream-copied
	Reencoded int  // frames encoded again
	Copied    int  // frames stream-copied
	// Where the time went: reading the source's streams and packets, making
	// the parts (head, copied middle, tail and sound, side by side), joining them.
	Probe, Encode, Join time.Duration
}

// ClipCut writes frames first..last (both included; numbers are positions
// in frames, the source's FrameTable in µs) of src to out: an H.264/AAC MP4
// with fast start, no metadata, upright, whose first and last pictures are
// exactly those frames and whose sound is the source's sound of the same
// span, re-encoded. An H.264 source that allows it is cut smartly (only the
// frames from the cut to the next keyframe, and those after the last whole
// GOP when copying them would overshoot, are encoded again; the rest is
// copied); anything else (HEVC, VP9, rotation, open GOPs, odd streams) is
// re-encoded exactly. progress, if not nil, gets 0..1. out appears only
// when complete.
func (t Tools) ClipCut(ctx context.Context, src ClipSource, frames []int64, first, last int, out string, progress func(float64)) (ClipResult, error) {
	if first < 0 || last < first || last >= len(frames) {
		return ClipResult{}, fmt.Errorf("media: clip frames %d..%d are not within the %d frames of the source", first, last, len(frames))
	}
	c := &clipJob{t: t, frames: frames, first: first, last: last, bar: newStepBar(progress)}
	began := time.Now()
	if err := c.describe(ctx, src); err != nil {
		return ClipResult{}, err
	}
	probed := time.Since(began)
	work, err := os.MkdirTemp(filepath.Dir(out), ".clip-*")
	if err != nil {
		return ClipResult{}, err
	}
	defer os.RemoveAll(work)
	c.work = work
	res, err := c.cut(ctx)
	res.Probe = probed
	if err != nil {
		return res, err
	}
	return res, os.Rename(filepath.Join(work, "clip.mp4"), out)
}

// clipJob is one ClipCut: the source, the span, a private work folder.
type clipJob struct {
	t            Tools
	src          source // what is copied from
	enc          source // what is encoded from: src, or the original it was made from
	fromOriginal bool   // enc is the original: the ends must be encoded from it
	info         *Info
	frames       []int64
	first, last  int
	work         string
	bar          *stepBar
	hasB, tscale int64
	profile      string
	gops         *gopScan
	gopsErr      error
}

var errNotMP4 = errors.New("only an MP4 is cut smartly")

func (c *clipJob) cut(ctx context.Context) (ClipResult, error) {
	plan := c.plan(ctx)
	if plan.smart() {
		res, err := c.smartCut(ctx, plan)
		if err == nil || ctx.Err() != nil {
			return res, err
		}
		slog.WarnContext(ctx, "smart cut failed; re-encoding the whole clip", "err", err)
	}
	c.bar.steps(1)
	began := time.Now()
	err := c.encodeWhole(ctx, c.path("clip.mp4"), c.bar.step(0))
	return ClipResult{Reencoded: c.last - c.first + 1, Encode: time.Since(began)}, err
}

// plan decides between a smart cut and a whole re-encode.
func (c *clipJob) plan(ctx context.Context) cutPlan {
	all := cutPlan{first: c.first, last: c.last, copyFrom: c.first, copyTo: c.first}
	c.profile = x264Profile(c.info.Profile)
	if !c.info.BrowserPlayable() || c.info.Rotation != 0 || c.profile == "" {
		return all
	}
	g, err := c.gops, c.gopsErr
	if err != nil {
		slog.WarnContext(ctx, "could not list keyframes; re-encoding the whole clip", "err", err)
		return all
	}
	if g.hasBFrame > 2 || (g.hasBFrame > 0 && c.profile == "baseline") || g.timescale <= 0 {
		return all
	}
	c.hasB, c.tscale = int64(g.hasBFrame), g.timescale
	return planCut(g, c.first, c.last, c.fromOriginal)
}

func (c *clipJob) path(name string) string { return filepath.Join(c.work, name) }

// end is when frame n stops being shown (µs): the next frame's time, or one
// average frame after the last.
func (c *clipJob) end(n int) int64 {
	if n+1 < len(c.frames) {
		return c.frames[n+1]
	}
	if len(c.frames) > 1 {
		return c.frames[n] + (c.frames[n]-c.frames[0])/int64(len(c.frames)-1)
	}
	if c.info.FPS > 0 {
		return c.frames[n] + int64(1e6/c.info.FPS)
	}
	return c.frames[n] + 33_333
}

// duration of frames a..b in µs.
func (c *clipJob) duration(a, b int) int64 { return c.end(b) - c.frames[a] }

// clipTimeout allows a slow re-encode of d on a small machine.
func clipTimeout(d time.Duration) time.Duration { return 2*time.Minute + 20*d }
