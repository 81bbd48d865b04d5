package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// ClipSource is what a clip is cut from: a local plaintext file (Path), or
// (URL) a video this process itself serves on the loopback interface, e.g.
// the decrypted view of an encrypted playback copy. Only http://127.0.0.1
// URLs are accepted; their first bytes are sniffed like a file's to choose
// the demuxer, and ffmpeg may use only the http and tcp protocols for them.
//
// Original, if set, is the recording the source was made from (the source
// being its playback copy). When the copy was re-encoded (the original is
// not browser-ready H.264, or is rotated), the frames a cut encodes again —
// the first and the last ones included — are taken from the original, so
// the clip's ends are first-generation pictures, not copies of copies.
//
// Index, if set, is the source's cut index (Tools.CutIndex), read when it
// was made: the cut takes the source's streams and packets from it instead
// of reading them from the source again.
type ClipSource struct {
	Path     string
	URL      string
	Original *ClipSource
	Index    []byte
}

// source is a resolved ClipSource: what goes after -i and how it is read.
type source struct {
	demuxer, url, whitelist string
}

const loopbackPrefix = "http://127.0.0.1:"

func (s ClipSource) resolve(ctx context.Context) (source, error) {
	switch {
	case s.URL != "" && strings.HasPrefix(s.URL, loopbackPrefix):
		demuxer, err := sniffURL(ctx, s.URL)
		return source{demuxer: demuxer, url: s.URL, whitelist: "http,tcp"}, err
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

// sniffURL reads the first bytes served at url and names the demuxer.
func sniffURL(ctx context.Context, url string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Range", "bytes=0-63")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("media: read the clip source: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusPartialContent {
		return "", fmt.Errorf("media: reading the clip source answered %s", resp.Status)
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, 64))
	if err != nil {
		return "", fmt.Errorf("media: read the clip source: %w", err)
	}
	if len(head) == 0 {
		return "", reject("the file is empty")
	}
	return demuxerFor(head)
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
