package media

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
)

// cutProbe is what one ffprobe run tells a cut: the streams and format
// (as Probe reads them) and, for an MP4, the packets around the clip.
type cutProbe struct {
	probeOutput
	Packets []probePacket `json:"packets"`
}

// probed is a described source: its Info and, when asked for and
// readable, the video packets around the clip (else gopsErr says why not).
// encoded says its video was encoded when the file was written (ffmpeg
// tags such a stream with its encoder; a remux made with -map_metadata -1,
// as the playback copy is, carries no such tag).
type probed struct {
	info    *Info
	gops    *gopScan
	gopsErr error
	encoded bool
}

// probeCut describes s in one ffprobe run. With packets, it also lists
// the packets from the keyframe at or before frames[first] (read_intervals
// seeks there) to about two seconds past frames[last]: reading only the
// index and those packets' headers, never decoding them.
func (t Tools) probeCut(ctx context.Context, s source, frames []int64, first, last int, packets bool) (probed, error) {
	args := []string{"-print_format", "json", "-show_format", "-show_streams"}
	if packets {
		from := frames[first]
		span := frames[last] - from + 2_500_000
		args = append(args, "-show_entries", "packet=stream_index,pts,flags",
			"-read_intervals", fmt.Sprintf("%s%%+%s", micros(from), micros(span)))
	}
	var out bytes.Buffer
	if err := t.run(ctx, "ffprobe", framesTimeout, append(args, s.args()...), &out); err != nil {
		if ctx.Err() == nil && isExitError(err) {
			return probed{}, reject("it is damaged or incomplete")
		}
		return probed{}, err
	}
	var raw cutProbe
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		return probed{}, reject("it is damaged or incomplete")
	}
	info, err := raw.info(s.demuxer)
	if err == nil {
		err = info.check()
	}
	if err != nil {
		return probed{}, err
	}
	p := probed{info: info, gopsErr: errNotMP4, encoded: raw.stream("video").Tags["encoder"] != ""}
	if packets {
		p.gops, p.gopsErr = gops(raw.stream("video"), raw.Format.StartTime, raw.Packets, frames)
	}
	return p, nil
}

// describe resolves and probes the source. Its original, if given, is
// used only when the source's video was re-encoded from it (see
// ClipSource.Original): a remuxed playback copy holds the original's very
// pictures. An original that cannot be read leaves the clip to be cut from
// the source alone.
func (c *clipJob) describe(ctx context.Context, src ClipSource) error {
	s, err := src.resolve(ctx)
	if err != nil {
		return err
	}
	p, err := c.probe(ctx, s, src.Index)
	if err != nil {
		return err
	}
	c.src, c.enc = s, s
	c.info, c.gops, c.gopsErr = p.info, p.gops, p.gopsErr
	if src.Original == nil || !p.encoded {
		return nil
	}
	o, err := src.Original.resolve(ctx)
	if err != nil {
		slog.WarnContext(ctx, "could not read the original; cutting the clip from its playback copy alone", "err", err)
		return nil
	}
	c.enc, c.fromOriginal = o, true
	return nil
}

// probe describes s from its cut index when there is one that covers the
// clip (no ffprobe run), else with probeCut.
func (c *clipJob) probe(ctx context.Context, s source, index []byte) (probed, error) {
	if index != nil && s.demuxer == "mov" {
		p, err := probedFromIndex(index, s.demuxer, c.frames, c.first, c.last)
		if err == nil {
			return p, nil
		}
		slog.WarnContext(ctx, "the stored cut index did not serve; reading the source instead", "err", err)
	}
	return c.t.probeCut(ctx, s, c.frames, c.first, c.last, s.demuxer == "mov")
}
