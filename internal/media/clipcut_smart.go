package media

import (
	"context"
	"fmt"
	"os"
	"time"
)

// clipPart is one file of a smart cut: frames a..b, encoded or copied.
type clipPart struct {
	name   string
	a, b   int
	encode bool
}

// smartCut encodes the head and (if needed) the tail while it copies the
// middle, all at once, then joins them with the sound.
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
	weights := []float64{float64(p.last-p.first+1) / 20} // the join
	for _, part := range parts {
		w := float64(part.b - part.a + 1)
		if !part.encode {
			w /= 20
		}
		weights = append(weights, w)
	}
	c.bar.steps(weights...)
	if err := c.makeParts(ctx, parts); err != nil {
		return res, err
	}
	var names []string
	var durations []int64
	for _, part := range parts {
		names, durations = append(names, part.name), append(durations, c.duration(part.a, part.b))
	}
	return res, c.join(ctx, names, durations)
}

// makeParts makes every part at the same time; the first error stops the others.
func (c *clipJob) makeParts(ctx context.Context, parts []clipPart) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(parts))
	for i, part := range parts {
		go func() {
			bar := c.bar.step(i + 1)
			if part.encode {
				errs <- c.encode(ctx, part.a, part.b, false, c.path(part.name), bar)
			} else {
				errs <- c.ffmpeg(ctx, c.copyArgs(part.a, part.b-part.a+1), c.path(part.name), c.duration(part.a, part.b), bar)
			}
		}()
	}
	var first error
	for range parts {
		if err := <-errs; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return first
}

// encode re-encodes frames a..b to out: a part of a smart cut (video only,
// matching the source) or, whole, the entire clip with its sound.
func (c *clipJob) encode(ctx context.Context, a, b int, whole bool, out string, bar func(float64)) error {
	args := append([]string{"-ss", micros(max(c.frames[a]-1, 0))}, c.t.threadsArg()...)
	args = append(args, c.src.args()...)
	if whole {
		args = append(args, c.wholeArgs()...)
		args = append(args, "-t", micros(c.duration(a, b)), "-movflags", "+faststart")
	} else {
		args = append(args, c.partArgs()...)
	}
	args = append(args, "-frames:v", fmt.Sprint(b-a+1))
	return c.ffmpeg(ctx, args, out, c.duration(a, b), bar)
}

// join concatenates the parts and adds the sound.
func (c *clipJob) join(ctx context.Context, names []string, durations []int64) error {
	list := c.path("parts.ffconcat")
	if err := os.WriteFile(list, []byte(concatList(names, durations)), 0o600); err != nil {
		return err
	}
	return c.ffmpeg(ctx, c.joinArgs(list), c.path("clip.mp4"), c.duration(c.first, c.last), c.bar.step(0))
}

// ffmpeg runs one step writing an MP4 to out, reporting its progress.
func (c *clipJob) ffmpeg(ctx context.Context, args []string, out string, span int64, bar func(float64)) error {
	d := time.Duration(span) * time.Microsecond
	args = append(args, "-progress", "pipe:1", "-nostats", "-f", "mp4", "file:"+out)
	return c.t.run(ctx, "ffmpeg", clipTimeout(d), args, &lineWriter{fn: progressLine(d, bar)})
}

// threadsArg caps the decoder's threads (before -i).
func (t Tools) threadsArg() []string { return []string{"-threads", t.threads()} }
