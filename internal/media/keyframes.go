package media

import (
	"errors"
	"slices"
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

// probePacket is one packet as ffprobe lists it (-show_entries packet=…).
type probePacket struct {
	StreamIndex int    `json:"stream_index"`
	PTS         *int64 `json:"pts"`
	Flags       string `json:"flags"`
}

// matchTolerance is how far (µs) a packet's time may be from its frame in
// the table (rounding between time bases).
const matchTolerance = 1000

// gops numbers the packets of video stream v through the frame table
// (times in µs from the format's start, as FrameTable gives them).
func gops(v *probeStream, startTime string, packets []probePacket, frames []int64) (*gopScan, error) {
	tb, err := parseTimeBase(v.TimeBase)
	if err != nil {
		return nil, err
	}
	g := &gopScan{hasBFrame: v.HasBFrames, timescale: tb.den / tb.num}
	start := parseMicros(startTime)
	for _, p := range packets {
		if p.StreamIndex != v.Index || strings.Contains(p.Flags, "D") {
			continue
		}
		if p.PTS == nil {
			return nil, errors.New("a video packet near the clip has no time")
		}
		n, ok := frameAt(frames, tb.micros(*p.PTS)-start)
		g.unmatched = g.unmatched || !ok
		g.packets = append(g.packets, cutPacket{frame: n, key: strings.HasPrefix(p.Flags, "K")})
	}
	if len(g.packets) == 0 {
		return nil, errors.New("no video packets near the clip")
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
