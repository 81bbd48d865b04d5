package media

import (
	"context"
	"fmt"
	"os"
	"time"
)

const stillTimeout = 60 * time.Second

// Still writes the frame presented at ptsMicros (a FrameTable time) to out as
// a PNG, upright, at full display resolution.
func Still(ctx context.Context, in string, ptsMicros int64, out string) error {
	return Tools{}.Still(ctx, in, ptsMicros, out)
}

// Still: see the package-level Still. -ss before -i seeks to the keyframe
// before the frame, then ffmpeg decodes and drops every frame presented
// earlier than the requested time, so the first frame out is exact. -ss
// counts from the container's start_time, as FrameTable does; it aims 1 µs
// early so rounding cannot skip the frame.
func (t Tools) Still(ctx context.Context, in string, ptsMicros int64, out string) error {
	demuxer, err := sniff(in)
	if err != nil {
		return err
	}
	tmp, err := tempBeside(out)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	args := append([]string{"-ss", micros(max(ptsMicros-1, 0))}, t.ffmpegInput(demuxer, in)...)
	args = append(args, "-map", "0:v:0", "-frames:v", "1", "-vf", "scale=round(iw*sar):ih,setsar=1",
		"-map_metadata", "-1", "-c:v", "png", "-f", "image2", "-update", "1", "file:"+tmp)
	if err := t.run(ctx, "ffmpeg", stillTimeout, args, nil); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// micros formats microseconds as seconds for -ss.
func micros(us int64) string {
	return fmt.Sprintf("%d.%06d", us/1_000_000, us%1_000_000)
}
