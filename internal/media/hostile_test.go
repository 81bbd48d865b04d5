package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// noFFprobe makes any ffprobe run fail loudly: a rejection that comes back
// from it proves the file was refused before ffprobe was even looked up.
var noFFprobe = Tools{FFprobe: "/nonexistent/ffprobe", FFmpeg: "/nonexistent/ffmpeg"}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// countingServer counts every request it gets, for the whole test.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "#EXTM3U\n#EXTINF:1,\nsegment.ts\n")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestRejectedBeforeFFprobe(t *testing.T) {
	srv, hits := countingServer(t)
	tests := []struct{ name, content, reason string }{
		{"empty.mp4", "", "empty"},
		{"notes.mp4", "Dear diary, today we filmed the park.\n", "text file"},
		{"local.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n", "playlist"},
		{"remote.avi", "#EXTM3U\n#EXTINF:10,\n" + srv.URL + "/seg.ts\n#EXT-X-ENDLIST\n", "playlist"},
		{"bom.mp4", "\xef\xbb\xbf#EXTM3U\n#EXTINF:10,\n" + srv.URL + "/seg.ts\n", "playlist"},
		{"list.mp4", "ffconcat version 1.0\nfile /etc/passwd\n", "playlist"},
		{"huge.y4m", "YUV4MPEG2 W100000 H100000 F30:1 Ip A1:1 C420\nFRAME\n", "text file"},
		{"random.mp4", "\x00\x01\x02\x03garbage\x00\xff\xfe", "not a video format"},
	}
	for _, tt := range tests {
		_, err := noFFprobe.Probe(context.Background(), writeFile(t, tt.name, []byte(tt.content)))
		var rej *RejectError
		if !errors.As(err, &rej) || !bytes.Contains([]byte(rej.Reason), []byte(tt.reason)) {
			t.Errorf("%s: Probe = %v, want a rejection about %q", tt.name, err, tt.reason)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}

// Even if a playlist got past the sniffer (it starts with an ftyp box here,
// or sniffing were bypassed), the forced demuxer and protocol whitelist keep
// ffprobe and ffmpeg from reading it as HLS: nothing is fetched.
func TestPlaylistThroughFFmpegFetchesNothing(t *testing.T) {
	srv, hits := countingServer(t)
	playlist := "#EXTM3U\n#EXTINF:10,\n" + srv.URL + "/seg.ts\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n"
	disguised := writeFile(t, "disguised.mp4", append([]byte("\x00\x00\x00\x14ftypisom\x00\x00\x02\x00isom"), playlist...))
	plain := writeFile(t, "plain.mp4", []byte(playlist))
	ctx := context.Background()
	_, err := Probe(ctx, disguised)
	assertReject(t, "Probe(disguised)", err)
	_, err = Tools{}.probeJSON(ctx, "mov", plain)
	assertReject(t, "probeJSON(plain as mov)", err)
	_, err = Tools{}.scan(ctx, "matroska", plain, packetEntries)
	assertReject(t, "scan(plain as matroska)", err)
	err = Tools{}.run(ctx, "ffmpeg", time.Minute, append(inputArgs("mov", plain), "-f", "null", "-"), nil)
	if err == nil {
		t.Error("ffmpeg read a playlist as a video")
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}

func TestNotAllowListed(t *testing.T) {
	for _, name := range []string{"h264.nut", "audio_only.mp4"} {
		_, err := Probe(context.Background(), fixture(t, name))
		assertReject(t, name, err)
	}
}

func assertReject(t *testing.T, what string, err error) {
	t.Helper()
	var rej *RejectError
	if !errors.As(err, &rej) {
		t.Errorf("%s = %v, want a *RejectError", what, err)
	}
}
