package media

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// JoinSegments concatenates rendered segments without re-encoding the
// picture into an H.264/AAC MP4 with fast start, no metadata (so no
// location), upright. Each segment lasts exactly as long as its picture
// (the ffconcat list gives every part's duration); the sound is re-encoded
// (cheap), resampled against its timestamps so it stays in step with the
// picture at every join. out appears only when complete.
func JoinSegments(ctx context.Context, segments []string, out string) error {
	return Tools{}.JoinSegments(ctx, segments, out)
}

// JoinSegments: see the package-level JoinSegments.
func (t Tools) JoinSegments(ctx context.Context, segments []string, out string) error {
	if len(segments) == 0 {
		return fmt.Errorf("media: a film needs at least one segment")
	}
	var list strings.Builder
	list.WriteString("ffconcat version 1.0\n")
	var total float64
	for _, s := range segments {
		if err := safeFilterPath(s); err != nil {
			return err
		}
		c, err := t.probeClip(ctx, s)
		if err != nil {
			return fmt.Errorf("media: segment %s: %w", filepath.Base(s), err)
		}
		if c.codec != "h264" || c.audio != "aac" || c.duration <= 0 {
			return fmt.Errorf("media: segment %s is not a rendered film segment (%s/%s)", filepath.Base(s), c.codec, c.audio)
		}
		fmt.Fprintf(&list, "file %s\nduration %.6f\n", s, c.duration)
		total += c.duration
	}
	work, err := os.MkdirTemp(filepath.Dir(out), ".join-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	name := filepath.Join(work, "segments.ffconcat")
	if err := os.WriteFile(name, []byte(list.String()), 0o600); err != nil {
		return err
	}
	tmp := filepath.Join(work, "film.mp4")
	d := time.Duration(total * float64(time.Second))
	args := []string{"-protocol_whitelist", "file", "-f", "concat", "-safe", "0", "-i", "file:" + name,
		"-map", "0:v:0", "-map", "0:a:0", "-c:v", "copy", "-c:a", "aac", "-b:a", filmAudioRate, "-af", "aresample=async=1000",
		"-t", fmt.Sprintf("%.6f", total),
		"-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart", "-f", "mp4", "file:" + tmp}
	if err := t.run(ctx, "ffmpeg", clipTimeout(d), args, nil); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
