package media

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// A cut index is what a clip's cut reads from its source with ffprobe —
// the streams and format, and the video packets (time, keyframe flag) in
// decode order — read once, for every packet, when the playback copy is
// made. A cut given the index (ClipSource.Index) picks the packets around
// the clip from it instead of running ffprobe over the copy again: the
// same facts from the same file, so the same plan.

// CutIndex reads the cut index of the MP4 at path (a playback copy).
func (t Tools) CutIndex(ctx context.Context, path string) ([]byte, error) {
	demuxer, err := sniff(path)
	if err != nil {
		return nil, err
	}
	if demuxer != "mov" {
		return nil, errNotMP4
	}
	args := append([]string{"-print_format", "json", "-show_format", "-show_streams",
		"-show_entries", "packet=stream_index,pts,flags"}, inputArgs(demuxer, path)...)
	var out bytes.Buffer
	if err := t.run(ctx, "ffprobe", framesTimeout, args, &out); err != nil {
		return nil, err
	}
	var raw cutProbe
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		return nil, fmt.Errorf("media: read the cut index: %w", err)
	}
	v := raw.stream("video")
	if v == nil {
		return nil, reject("there is no video in it")
	}
	video := raw.Packets[:0]
	for _, p := range raw.Packets {
		if p.StreamIndex == v.Index {
			video = append(video, p)
		}
	}
	raw.Packets = video
	return json.Marshal(raw)
}

// errNoIndex says a stored index did not fit the clip (the probe runs instead).
var errNoIndex = errors.New("media: the cut index does not cover the clip")

// probedFromIndex is probeCut's answer taken from a cut index: the packets
// from the keyframe at or before the clip's first frame to about two and a
// half seconds past its last, as ffprobe's -read_intervals gives them.
func probedFromIndex(index []byte, demuxer string, frames []int64, first, last int) (probed, error) {
	var raw cutProbe
	if err := json.Unmarshal(index, &raw); err != nil {
		return probed{}, fmt.Errorf("media: read the cut index: %w", err)
	}
	info, err := raw.info(demuxer)
	if err == nil {
		err = info.check()
	}
	if err != nil {
		return probed{}, err
	}
	v := raw.stream("video")
	tb, err := parseTimeBase(v.TimeBase)
	if err != nil {
		return probed{}, err
	}
	start := parseMicros(raw.Format.StartTime)
	at := func(p probePacket) int64 { return tb.micros(*p.PTS) - start }
	from, to, end := -1, len(raw.Packets), frames[last]+2_500_000
	for i, p := range raw.Packets {
		if p.PTS == nil {
			return probed{}, errNoIndex
		}
		switch t := at(p); {
		case p.Flags != "" && p.Flags[0] == 'K' && t <= frames[first]+matchTolerance:
			from = i
		case from >= 0 && t > end:
			to = i
		}
		if to < len(raw.Packets) {
			break
		}
	}
	if from < 0 {
		return probed{}, errNoIndex
	}
	pr := probed{info: info, encoded: v.Tags["encoder"] != ""}
	pr.gops, pr.gopsErr = gops(v, raw.Format.StartTime, raw.Packets[from:to], frames)
	return pr, nil
}
