package media

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// gopScan is what the smart cut learns from packet headers around a clip
// (no decoding): each packet's frame number and keyframe flag in decode
// order, the stream's reorder depth and time base.
type gopScan struct {
	packets   []cutPacket
	hasBFrame int // has_b_frames: how many frames the decoder holds back
	timescale int64
	unmatched bool // a packet whose time is in no frame of the table
}

// cutPacket is one video packet, in decode order.
type cutPacket struct {
	frame int
	key   bool
}

// matchTolerance is how far (µs) a packet's time may be from its frame in
// the table (rounding between time bases).
const matchTolerance = 1000

// scanGOPs lists the video packets presented from the keyframe before
// frames[first] to about two seconds after frames[last], in decode order,
// numbered through the frame table.
func (t Tools) scanGOPs(ctx context.Context, s source, frames []int64, first, last int) (*gopScan, error) {
	fs := &frameScan{}
	g := &gopScan{}
	from := frames[first]
	span := frames[last] - from + 2_500_000
	args := []string{"-select_streams", "v:0", "-print_format", "compact",
		"-show_entries", "packet=pts,flags:stream=time_base,has_b_frames:format=start_time"}
	// read_intervals seeks to the keyframe at or before its start.
	args = append(args, "-read_intervals", fmt.Sprintf("%s%%+%s", micros(from), micros(span)))
	args = append(args, s.args()...)
	sink := &lineWriter{fn: func(line string) {
		kind, rest, _ := strings.Cut(line, "|")
		if kind == "stream" {
			for _, field := range strings.Split(rest, "|") {
				if v, ok := strings.CutPrefix(field, "has_b_frames="); ok {
					g.hasBFrame, _ = strconv.Atoi(v)
				}
			}
		}
		fs.line(line)
	}}
	if err := t.run(ctx, "ffprobe", framesTimeout, args, sink); err != nil {
		return nil, fmt.Errorf("list the keyframes around the clip: %w", err)
	}
	if fs.err != nil || fs.tb.den == 0 {
		return nil, fmt.Errorf("list the keyframes around the clip: %v", fs.err)
	}
	g.timescale = fs.tb.den / fs.tb.num
	for _, f := range fs.frames {
		n, ok := frameAt(frames, fs.tb.micros(f.pts)-fs.start)
		g.unmatched = g.unmatched || !ok
		g.packets = append(g.packets, cutPacket{frame: n, key: f.key})
	}
	return g, nil
}

// frameAt finds the frame presented at us (within matchTolerance).
func frameAt(frames []int64, us int64) (int, bool) {
	i, _ := slices.BinarySearch(frames, us)
	best := -1
	for _, j := range []int{i - 1, i} {
		if j >= 0 && j < len(frames) && absMicros(frames[j]-us) <= matchTolerance && (best < 0 || absMicros(frames[j]-us) < absMicros(frames[best]-us)) {
			best = j
		}
	}
	return best, best >= 0
}

func absMicros(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
