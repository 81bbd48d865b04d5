package media

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
)

// ClipSource is what a clip is cut from: a local plaintext file (Path), or
// (URL) an MP4 this process itself serves on the loopback interface, e.g.
// the decrypted view of an encrypted playback copy. Only http://127.0.0.1
// URLs are accepted; their demuxer is forced to mov and ffmpeg may use only
// the http and tcp protocols for them.
type ClipSource struct {
	Path string
	URL  string
}

// source is a resolved ClipSource: what goes after -i and how it is read.
type source struct {
	demuxer, url, whitelist string
}

const loopbackPrefix = "http://127.0.0.1:"

func (s ClipSource) resolve() (source, error) {
	switch {
	case s.URL != "" && strings.HasPrefix(s.URL, loopbackPrefix):
		return source{demuxer: "mov", url: s.URL, whitelist: "http,tcp"}, nil
	case s.URL != "":
		return source{}, errors.New("media: a clip source URL must be on http://127.0.0.1")
	case s.Path == "":
		return source{}, errors.New("media: a clip source needs a Path or a URL")
	}
	demuxer, err := sniff(s.Path)
	if err != nil {
		return source{}, err
	}
	return source{demuxer: demuxer, url: "file:" + s.Path, whitelist: "file"}, nil
}

// args are the options before and including -i for this source: forced
// demuxer, allowed protocols, capped probing.
func (s source) args() []string {
	return []string{
		"-protocol_whitelist", s.whitelist,
		"-probesize", probeSize, "-analyzeduration", analyzeDuration,
		"-max_streams", maxStreams,
		"-f", s.demuxer, "-i", s.url,
	}
}

// probe describes the source like Probe does for a local file.
func (t Tools) probeSource(ctx context.Context, s source) (*Info, error) {
	var out bytes.Buffer
	args := append([]string{"-print_format", "json", "-show_format", "-show_streams"}, s.args()...)
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
	info, err := raw.info(s.demuxer)
	if err != nil {
		return nil, err
	}
	return info, info.check()
}
