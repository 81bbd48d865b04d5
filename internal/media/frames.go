package media

import (
	"context"
	"errors"
	"slices"
	"time"
)

const framesTimeout = 10 * time.Minute

// FrameTable lists the presentation time of every frame of the first video
// stream, in microseconds, in presentation order.
//
// Times count from the start of the file's timeline: the container's
// start_time, the earliest first timestamp of any stream. That is the origin
// ffmpeg removes when it writes a file and the zero of a browser's
// currentTime, so a playback copy (which starts at exactly 0) has the same
// table as its source and a browser's currentTime maps straight through it.
// The first frame may sit a little after 0 (WebM with Opus pre-skip: ~14 ms).
// Edit lists are applied the way browsers apply them: ffmpeg's mov demuxer
// does it, and packets it marks as discarded, the part an edit list cuts off,
// are not frames.
//
// The table comes from packet timestamps (no decoding), so it is fast;
// containers without packet pts (some AVI) fall back to decoding.
func FrameTable(ctx context.Context, path string) ([]int64, error) {
	return Tools{}.FrameTable(ctx, path)
}

// Keyframes lists the presentation times of the first video stream's
// keyframes, on the same clock as FrameTable.
func Keyframes(ctx context.Context, path string) ([]int64, error) {
	return Tools{}.Keyframes(ctx, path)
}

// FrameTable: see the package-level FrameTable.
func (t Tools) FrameTable(ctx context.Context, path string) ([]int64, error) {
	return t.frameTimes(ctx, path, false)
}

// Keyframes: see the package-level Keyframes.
func (t Tools) Keyframes(ctx context.Context, path string) ([]int64, error) {
	return t.frameTimes(ctx, path, true)
}

func (t Tools) frameTimes(ctx context.Context, path string, keyOnly bool) ([]int64, error) {
	scan, err := t.scanFrames(ctx, path)
	if err != nil {
		return nil, err
	}
	if len(scan.frames) == 0 {
		return nil, reject("there are no pictures in it")
	}
	times := make([]int64, 0, len(scan.frames))
	for _, f := range scan.frames {
		if f.key || !keyOnly {
			times = append(times, scan.tb.micros(f.pts)-scan.start)
		}
	}
	slices.Sort(times)
	return times, nil
}

func (t Tools) scanFrames(ctx context.Context, path string) (*frameScan, error) {
	demuxer, err := sniff(path)
	if err != nil {
		return nil, err
	}
	scan, err := t.scan(ctx, demuxer, path, packetEntries)
	if errors.Is(err, errNoPTS) {
		scan, err = t.scan(ctx, demuxer, path, frameEntries)
	}
	return scan, err
}
