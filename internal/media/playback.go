package media

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"
)

// PlaybackCopy writes to out the copy browsers play: H.264 (8-bit 4:2:0) and
// AAC in a fast-start MP4, upright with no rotation tag, no metadata (so no
// location), with exactly the source's frames and timestamps. A browser-ready
// source is remuxed; anything else is re-encoded. progress, if not nil, is
// called with 0..1. out appears only when complete.
func PlaybackCopy(ctx context.Context, in, out string, info *Info, progress func(done float64)) error {
	return Tools{}.PlaybackCopy(ctx, in, out, info, progress)
}

// PlaybackCopy: see the package-level PlaybackCopy.
func (t Tools) PlaybackCopy(ctx context.Context, in, out string, info *Info, progress func(done float64)) error {
	if info == nil {
		return errors.New("media: PlaybackCopy needs the source's Info from Probe")
	}
	demuxer, err := sniff(in)
	if err != nil {
		return err
	}
	tmp, err := tempBeside(out)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	args := append(t.ffmpegInput(demuxer, in), t.playbackArgs(info)...)
	args = append(args, "-progress", "pipe:1", "-nostats", "-f", "mp4", "file:"+tmp)
	sink := &lineWriter{fn: progressLine(info.Duration, progress)}
	if err := t.run(ctx, "ffmpeg", playbackTimeout(info.Duration), args, sink); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// playbackTimeout allows for re-encoding well below real time on a small machine.
func playbackTimeout(d time.Duration) time.Duration {
	return 5*time.Minute + 10*d
}

// tempBeside reserves a unique name in out's directory, so the final
// rename is atomic.
func tempBeside(out string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.partial")
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}
