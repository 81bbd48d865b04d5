package media

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// clipPart is one file of a smart cut: frames a..b, encoded or copied.
type clipPart struct {
	name   string
	a, b   int
	encode bool
}

func (p clipPart) frames() int { return p.b - p.a + 1 }

// smartCut makes the head, the copied middle and (if needed) the tail in
// one ffmpeg run while another encodes the sound, then joins them in a
// third: process starts are most of what a short cut costs.
func (c *clipJob) smartCut(ctx context.Context, p cutPlan) (ClipResult, error) {
	res := ClipResult{Smart: true, Copied: p.copyTo - p.copyFrom}
	res.Reencoded = (p.copyFrom - p.first) + (p.last + 1 - p.copyTo)
	var parts []clipPart
	if p.copyFrom > p.first {
		parts = append(parts, clipPart{"head.mp4", p.first, p.copyFrom - 1, true})
	}
	parts = append(parts, clipPart{"copy.mp4", p.copyFrom, p.copyTo - 1, false})
	if p.copyTo <= p.last {
		parts = append(parts, clipPart{"tail.mp4", p.copyTo, p.last, true})
	}
	c.bar.steps(float64(res.Reencoded)+float64(res.Copied)/20, float64(p.last-p.first+1)/20)
	began := time.Now()
	if err := c.makePartsAndSound(ctx, parts, c.bar.step(0)); err != nil {
		return res, err
	}
	res.Encode = time.Since(began)
	var names []string
	var durations []int64
	for _, part := range parts {
		names, durations = append(names, part.name), append(durations, c.duration(part.a, part.b))
	}
	began = time.Now()
	err := c.join(ctx, names, durations, c.bar.step(1))
	res.Join = time.Since(began)
	return res, err
}

// makePartsAndSound makes the parts and, at the same time in a process of
// its own (ffmpeg's main loop is one thread), the sound of the clip.
func (c *clipJob) makePartsAndSound(ctx context.Context, parts []clipPart, bar func(float64)) error {
	if !c.info.HasAudio {
		return c.makeParts(ctx, parts, bar)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sound := make(chan error, 1)
	go func() {
		args := append(c.soundInput(), c.soundArgs(0)...)
		args = append(args, "-f", "mp4", "file:"+c.path("sound.m4a"))
		d := time.Duration(c.duration(c.first, c.last)) * time.Microsecond
		err := c.t.run(ctx, "ffmpeg", clipTimeout(d), args, nil)
		if err != nil {
			cancel()
		}
		sound <- err
	}()
	err := c.makeParts(ctx, parts, bar)
	if err != nil {
		cancel()
	}
	if serr := <-sound; err == nil {
		err = serr
	}
	return err
}

// makeParts writes the parts side by side, each in an ffmpeg run of its
// own from its own input seeked to it: the head and the tail encode at the
// same time, and the copied middle is read while they do (in one run,
// ffmpeg's single main loop took them one packet at a time). -copyts keeps
// the source's times in every part (so a copied keyframe is neither shifted
// before zero nor hidden by an edit list); the join's concat list puts them
// one after the other. The first part's frames drive the progress bar.
func (c *clipJob) makeParts(ctx context.Context, parts []clipPart, bar func(float64)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := time.Duration(c.duration(c.first, c.last)) * time.Microsecond
	errs := make(chan error, len(parts))
	for i, part := range parts {
		args := []string{"-copyts"}
		if part.encode {
			args = append(append(args, c.encodeInput(part.a)...), c.partArgs(0)...)
		} else {
			args = append(append(args, c.copyInput(part.a)...), c.copyArgs(0)...)
		}
		args = append(args, "-frames:v", strconv.Itoa(part.frames()), "-f", "mp4", "file:"+c.path(part.name))
		var progress io.Writer
		if i == 0 {
			args = append(args, "-progress", "pipe:1", "-nostats")
			progress = &lineWriter{fn: frameProgress(part.frames(), bar)}
		}
		go func() {
			err := c.t.run(ctx, "ffmpeg", clipTimeout(d), args, progress)
			if err != nil {
				cancel()
			}
			errs <- err
		}()
	}
	var first error
	for range parts {
		if err := <-errs; err != nil && (first == nil || errors.Is(first, context.Canceled)) {
			first = err
		}
	}
	return first
}

// encodeWhole re-encodes the entire clip with its sound to out.
func (c *clipJob) encodeWhole(ctx context.Context, out string, bar func(float64)) error {
	args := append(c.encodeInput(c.first), c.wholeArgs()...)
	args = append(args, "-t", micros(c.duration(c.first, c.last)), "-movflags", "+faststart",
		"-frames:v", strconv.Itoa(c.last-c.first+1))
	return c.ffmpeg(ctx, args, out, c.duration(c.first, c.last), bar)
}

// join concatenates the parts and adds the sound.
func (c *clipJob) join(ctx context.Context, names []string, durations []int64, bar func(float64)) error {
	list := c.path("parts.ffconcat")
	if err := os.WriteFile(list, []byte(concatList(names, durations)), 0o600); err != nil {
		return err
	}
	return c.ffmpeg(ctx, c.joinArgs(list), c.path("clip.mp4"), c.duration(c.first, c.last), bar)
}

// ffmpeg runs one step writing an MP4 to out, reporting its progress.
func (c *clipJob) ffmpeg(ctx context.Context, args []string, out string, span int64, bar func(float64)) error {
	d := time.Duration(span) * time.Microsecond
	args = append(args, "-progress", "pipe:1", "-nostats", "-f", "mp4", "file:"+out)
	return c.t.run(ctx, "ffmpeg", clipTimeout(d), args, &lineWriter{fn: progressLine(d, bar)})
}

// frameProgress turns ffmpeg's -progress lines into progress(0..1) from
// the frames of the first output (times are no guide with -copyts).
func frameProgress(total int, progress func(float64)) func(string) {
	return func(line string) {
		key, value, _ := strings.Cut(line, "=")
		switch {
		case progress == nil:
		case key == "progress" && value == "end":
			progress(1)
		case key == "frame" && total > 0:
			if n, err := strconv.Atoi(value); err == nil {
				progress(min(max(float64(n)/float64(total), 0), 1))
			}
		}
	}
}
