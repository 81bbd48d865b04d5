package media

import (
	"context"
	"errors"
	"strconv"
	"strings"
)

// Two ways to list frames: packet timestamps (fast, no decoding) or decoded
// frames' best-effort timestamps (slow, for containers without packet pts).
var (
	packetEntries = []string{"-show_entries", "packet=pts,flags:stream=time_base:format=start_time"}
	frameEntries  = []string{"-show_entries", "frame=best_effort_timestamp,key_frame:stream=time_base:format=start_time"}
	errNoPTS      = errors.New("packets carry no pts")
)

type frame struct {
	pts int64 // in the stream's time base
	key bool
}

type frameScan struct {
	frames []frame
	tb     timeBase
	start  int64 // format start_time in microseconds
	err    error
}

func (t Tools) scan(ctx context.Context, demuxer, path string, entries []string) (*frameScan, error) {
	s := &frameScan{}
	args := append([]string{"-select_streams", "v:0", "-print_format", "compact"}, entries...)
	args = append(args, inputArgs(demuxer, path)...)
	if err := t.run(ctx, "ffprobe", framesTimeout, args, &lineWriter{fn: s.line}); err != nil {
		if ctx.Err() == nil && isExitError(err) {
			return nil, reject("it is damaged or incomplete")
		}
		return nil, err
	}
	if s.err == nil && s.tb.den == 0 {
		s.err = reject("it is damaged or incomplete")
	}
	return s, s.err
}

// line parses one line of ffprobe's compact output, e.g.
// "packet|pts=512|flags=K_" or "stream|time_base=1/15360".
func (s *frameScan) line(line string) {
	kind, rest, _ := strings.Cut(line, "|")
	kv := map[string]string{}
	for _, field := range strings.Split(rest, "|") {
		k, v, _ := strings.Cut(field, "=")
		kv[k] = v
	}
	switch kind {
	case "stream":
		s.tb, _ = parseTimeBase(kv["time_base"])
	case "format":
		s.start = parseMicros(kv["start_time"])
	case "packet":
		s.add(kv["pts"], strings.HasPrefix(kv["flags"], "K"), strings.Contains(kv["flags"], "D"))
	case "frame":
		s.add(kv["best_effort_timestamp"], kv["key_frame"] == "1", false)
	}
}

func (s *frameScan) add(pts string, key, discard bool) {
	n, err := strconv.ParseInt(pts, 10, 64)
	switch {
	case discard:
	case err != nil && s.err == nil:
		s.err = errNoPTS
	case err == nil:
		s.frames = append(s.frames, frame{pts: n, key: key})
	}
}

// parseMicros reads ffprobe's signed decimal seconds ("-0.021333") exactly;
// anything else ("N/A") is 0.
func parseMicros(s string) int64 {
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	frac = (frac + "000000")[:6]
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w > 1<<32 {
		return 0
	}
	if neg {
		return -(w*1_000_000 + f)
	}
	return w*1_000_000 + f
}
