package media

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Segment kinds.
const (
	SegmentTitle = "title"
	SegmentClip  = "clip"
	SegmentStill = "still"
)

// FilmSegment is one part of a film.
type FilmSegment struct {
	Kind    string  // "title", "clip", "still"
	Text    string  // title card text; for clip/still an optional caption shown in a band at the bottom
	Path    string  // clip MP4 (kind clip) or still PNG (kind still)
	Seconds float64 // hold time for title and still (0.5..60)
	Speed   float64 // clip speed: 1 normal, 0.5 half speed (0.25..1); 0 means 1
}

// Hold time limits of a title card or still, in seconds.
const (
	MinHold = 0.5
	MaxHold = 60.0
)

// RenderSegment renders one segment to out (an MP4 in the format
// JoinSegments expects), matching f exactly (codec, profile, size, frame
// rate, time base, audio layout and rate; silent audio for title and
// still) so segments join without re-encoding. A clip at speed 1 without
// caption whose picture already matches is remuxed, not re-encoded (its
// sound is re-encoded only if its rate or layout differ). fontFile is a
// TTF for drawtext. progress, if not nil, gets 0..1. out appears only
// when complete.
func RenderSegment(ctx context.Context, seg FilmSegment, f FilmFormat, fontFile, out string, progress func(float64)) error {
	return Tools{}.RenderSegment(ctx, seg, f, fontFile, out, progress)
}

// RenderSegment: see the package-level RenderSegment.
func (t Tools) RenderSegment(ctx context.Context, seg FilmSegment, f FilmFormat, fontFile, out string, progress func(float64)) error {
	if err := f.check(); err != nil {
		return err
	}
	work, err := os.MkdirTemp(filepath.Dir(out), ".segment-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	r := &segmentJob{t: t, seg: seg, f: f, font: fontFile, work: work}
	args, dur, err := r.args(ctx)
	if err != nil {
		return err
	}
	tmp := filepath.Join(work, "segment.mp4")
	args = append(args, segmentOutputArgs()...)
	args = append(args, "-progress", "pipe:1", "-nostats", "-f", "mp4", "file:"+tmp)
	if err := t.run(ctx, "ffmpeg", clipTimeout(dur), args, &lineWriter{fn: progressLine(dur, progress)}); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// segmentJob is one RenderSegment: the segment, the format, a work folder.
type segmentJob struct {
	t    Tools
	seg  FilmSegment
	f    FilmFormat
	font string
	work string
}

// args are ffmpeg's inputs and codec options for the segment, and how long it lasts.
func (r *segmentJob) args(ctx context.Context) ([]string, time.Duration, error) {
	switch r.seg.Kind {
	case SegmentTitle, SegmentStill:
		if r.seg.Seconds < MinHold || r.seg.Seconds > MaxHold {
			return nil, 0, fmt.Errorf("media: a %s is held %.2f s; it must be %g to %g s", r.seg.Kind, r.seg.Seconds, MinHold, MaxHold)
		}
		d := time.Duration(r.seg.Seconds * float64(time.Second))
		if r.seg.Kind == SegmentTitle {
			args, err := r.titleArgs()
			return args, d, err
		}
		args, err := r.stillArgs()
		return args, d, err
	case SegmentClip:
		return r.clipArgs(ctx)
	}
	return nil, 0, fmt.Errorf("media: unknown film segment kind %q", r.seg.Kind)
}

// segmentOutputArgs: no metadata, fast start, one time scale for every
// segment's picture.
func segmentOutputArgs() []string {
	return []string{"-map_metadata", "-1", "-map_chapters", "-1", "-sn", "-dn",
		"-video_track_timescale", filmTimescale, "-movflags", "+faststart"}
}

// Encoding of every re-encoded film segment: the same settings give the
// same stream parameters, so the segments join by copying.
const (
	filmTimescale = "90000"
	filmCRF       = "18"
	filmAudioRate = "128k"
)

func (r *segmentJob) videoEncode() []string {
	return []string{"-c:v", "libx264", "-preset", "veryfast", "-crf", filmCRF, "-profile:v", "high", "-level:v", "4.1",
		"-pix_fmt", "yuv420p", "-r", r.f.FrameRate, "-fps_mode", "cfr", "-g", strconv.Itoa(2 * int(rate(r.f.FrameRate)+0.5)),
		"-bf", "3", "-threads", r.t.threads(), "-filter_threads", r.t.threads()}
}

func (r *segmentJob) audioEncode() []string {
	return []string{"-c:a", "aac", "-b:a", filmAudioRate, "-ar", strconv.Itoa(r.f.SampleRate), "-ac", "2"}
}

// silence is a lavfi input of silent stereo sound at the film's rate.
func (r *segmentJob) silence() []string {
	return []string{"-f", "lavfi", "-i", fmt.Sprintf("anullsrc=r=%d:cl=stereo", r.f.SampleRate)}
}
