package media

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// titleArgs: the text, centred line by line, on a dark card, with silence.
func (r *segmentJob) titleArgs() ([]string, error) {
	size := r.f.Height / 14
	text, err := r.drawLines(r.seg.Text, size, 0.8, func(i, n, lh int) string {
		return fmt.Sprintf("(h-%d)/2+%d", n*lh, i*lh)
	})
	if err != nil {
		return nil, err
	}
	card := fmt.Sprintf("color=c=0x1b1f24:s=%dx%d:r=%s", r.f.Width, r.f.Height, r.f.FrameRate)
	args := []string{"-f", "lavfi", "-i", card}
	args = append(args, r.silence()...)
	args = append(args, "-map", "0:v", "-map", "1:a", "-vf", join("trim=end_frame=1", text, "format=yuv420p", r.hold()))
	args = append(args, r.videoEncode()...)
	return append(append(args, r.audioEncode()...), "-t", seconds3(r.seg.Seconds)), nil
}

// stillArgs: the picture, fitted and letterboxed, held, with its caption and silence.
func (r *segmentJob) stillArgs() ([]string, error) {
	if err := checkPNG(r.seg.Path); err != nil {
		return nil, err
	}
	caption, err := r.caption()
	if err != nil {
		return nil, err
	}
	args := append(r.t.threadsArg(), "-protocol_whitelist", "file", "-f", "image2", "-pattern_type", "none",
		"-framerate", r.f.FrameRate, "-i", "file:"+r.seg.Path)
	args = append(args, r.silence()...)
	args = append(args, "-map", "0:v", "-map", "1:a", "-vf", join(r.fit(), caption, "format=yuv420p", r.hold()))
	args = append(args, r.videoEncode()...)
	return append(append(args, r.audioEncode()...), "-t", seconds3(r.seg.Seconds)), nil
}

// clipArgs: a clip remuxed when it can be, else slowed, fitted and captioned.
func (r *segmentJob) clipArgs(ctx context.Context) ([]string, time.Duration, error) {
	speed := r.seg.Speed
	if speed == 0 {
		speed = 1
	}
	if speed < 0.25 || speed > 1 {
		return nil, 0, fmt.Errorf("media: a clip's speed is %g; it must be 0.25 to 1", speed)
	}
	c, err := r.t.probeClip(ctx, r.seg.Path)
	if err != nil {
		return nil, 0, err
	}
	d := time.Duration(c.duration / speed * float64(time.Second))
	src, _ := ClipSource{Path: r.seg.Path}.resolve(ctx)
	args := append(r.t.threadsArg(), src.args()...)
	if c.audio == "" {
		args = append(args, r.silence()...)
	}
	sound := []string{"-map", "0:a:0"}
	if c.audio == "" {
		sound = []string{"-map", "1:a"}
	}
	if speed == 1 && r.seg.Text == "" && c.videoMatches(r.f) {
		args = append(append(args, "-map", "0:v:0", "-c:v", "copy"), sound...)
		if c.audioMatches(r.f) {
			return append(args, "-c:a", "copy"), d, nil
		}
		return append(append(args, r.audioEncode()...), "-t", seconds3(c.duration)), d, nil
	}
	caption, err := r.caption()
	if err != nil {
		return nil, 0, err
	}
	// The last picture is held a little (tpad) so the constant-rate output
	// has a frame for every tick up to the exact end (-t).
	slow := fmt.Sprintf("setpts=(PTS-STARTPTS)/%g,tpad=stop_mode=clone:stop_duration=1", speed)
	args = append(args, "-map", "0:v:0", "-vf", join(slow, "fps="+r.f.FrameRate, r.fit(), caption, "format=yuv420p"))
	args = append(args, sound...)
	if c.audio != "" {
		args = append(args, "-af", join("asetpts=PTS-STARTPTS", atempo(speed)))
	}
	args = append(args, r.videoEncode()...)
	return append(append(args, r.audioEncode()...), "-t", seconds3(d.Seconds())), d, nil
}

// hold repeats one finished picture for the hold time: it is drawn,
// scaled and converted once, not once per frame.
func (r *segmentJob) hold() string {
	n := int(math.Round(r.seg.Seconds * rate(r.f.FrameRate)))
	return fmt.Sprintf("loop=loop=%d:size=1:start=0,setpts=N/(%s)/TB", max(n-1, 0), r.f.FrameRate)
}

// fit scales a picture into the film's frame, keeping its shape (black bars).
func (r *segmentJob) fit() string {
	w, h := r.f.Width, r.f.Height
	return fmt.Sprintf("scale=%d:%d:force_original_aspect_ratio=decrease,pad=%d:%d:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1", w, h, w, h)
}

// caption is a translucent band at the bottom with the text centred in it ("" for no text).
func (r *segmentJob) caption() (string, error) {
	if strings.TrimSpace(r.seg.Text) == "" {
		return "", nil
	}
	size := max(r.f.Height/22, 12)
	lines := wrap(r.seg.Text, charsPerLine(r.f.Width, size, 0.9))
	lh := size * 13 / 10
	band := len(lines)*lh + size
	text, err := r.drawLines(r.seg.Text, size, 0.9, func(i, n, lh int) string {
		return fmt.Sprintf("h-%d+%d", band, size/2+i*lh)
	})
	if err != nil {
		return "", err
	}
	box := fmt.Sprintf("drawbox=x=0:y=ih-%d:w=iw:h=%d:color=black@0.6:t=fill", band, band)
	return join(box, text), nil
}

// drawLines writes each wrapped line of text to a file and returns one
// drawtext per line, centred across, at y(i, lines, lineHeight).
func (r *segmentJob) drawLines(text string, size int, widthShare float64, y func(i, n, lh int) string) (string, error) {
	if err := safeFilterPath(r.font); err != nil {
		return "", err
	}
	lines := wrap(text, charsPerLine(r.f.Width, size, widthShare))
	lh := size * 13 / 10
	var filters []string
	for i, line := range lines {
		name := filepath.Join(r.work, fmt.Sprintf("line%02d.txt", i))
		if err := os.WriteFile(name, []byte(line), 0o600); err != nil {
			return "", err
		}
		if err := safeFilterPath(name); err != nil {
			return "", err
		}
		filters = append(filters, fmt.Sprintf("drawtext=fontfile=%s:textfile=%s:expansion=none:fontcolor=white:fontsize=%d:x=(w-text_w)/2:y=%s",
			r.font, name, size, y(i, len(lines), lh)))
	}
	return join(filters...), nil
}

// atempo slows sound to speed (one atempo goes down to 0.5).
func atempo(speed float64) string {
	var parts []string
	for speed < 0.5 {
		parts = append(parts, "atempo=0.5")
		speed *= 2
	}
	return join(append(parts, fmt.Sprintf("atempo=%g", speed))...)
}

// join makes a filter chain of the non-empty filters.
func join(filters ...string) string {
	var out []string
	for _, f := range filters {
		if f != "" {
			out = append(out, f)
		}
	}
	return strings.Join(out, ",")
}

func seconds3(s float64) string { return fmt.Sprintf("%.3f", s) }

// safeFilterPath refuses paths a filter graph would read as syntax.
func safeFilterPath(p string) error {
	if p == "" || !filepath.IsAbs(p) || strings.ContainsAny(p, ":,;[]'\\=%\n\r\" ") {
		return fmt.Errorf("media: %q can't be named in a filter (use an absolute path of letters, digits, / . - _)", p)
	}
	return nil
}

// checkPNG accepts only a PNG, by its signature.
func checkPNG(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 8)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte("\x89PNG\r\n\x1a\n")) {
		return fmt.Errorf("media: %s is not a PNG", filepath.Base(path))
	}
	return nil
}
