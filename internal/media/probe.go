package media

import (
	"bytes"
	"context"
	"encoding/json"
	"time"
)

const probeTimeout = 30 * time.Second

// Probe describes the video at path, or rejects it with a *RejectError.
func Probe(ctx context.Context, path string) (*Info, error) { return Tools{}.Probe(ctx, path) }

// Probe describes the video at path, or rejects it with a *RejectError.
// The first bytes are sniffed first: playlists never reach ffprobe, and
// ffprobe is forced to the sniffed demuxer so it cannot switch to HLS or concat.
func (t Tools) Probe(ctx context.Context, path string) (*Info, error) {
	demuxer, err := sniff(path)
	if err != nil {
		return nil, err
	}
	raw, err := t.probeJSON(ctx, demuxer, path)
	if err != nil {
		return nil, err
	}
	info, err := raw.info(demuxer)
	if err != nil {
		return nil, err
	}
	if err := info.check(); err != nil {
		return nil, err
	}
	return info, nil
}

func (t Tools) probeJSON(ctx context.Context, demuxer, path string) (*probeOutput, error) {
	var out bytes.Buffer
	args := append([]string{"-print_format", "json", "-show_format", "-show_streams"},
		inputArgs(demuxer, path)...)
	if err := t.run(ctx, "ffprobe", probeTimeout, args, &out); err != nil {
		if ctx.Err() == nil && isExitError(err) {
			return nil, reject("it is damaged or incomplete")
		}
		return nil, err
	}
	var raw probeOutput
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		return nil, reject("it is damaged or incomplete")
	}
	return &raw, nil
}

// isExitError reports whether the tool ran and said no (as opposed to being
// killed or missing): for ffprobe that means the input is unreadable.
func isExitError(err error) bool {
	pe, ok := err.(*ProcessError)
	return ok && pe.ExitCode > 0
}
