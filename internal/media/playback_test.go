package media

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPlaybackCopy(t *testing.T) {
	tests := []struct {
		source string
		remux  bool
	}{
		{"h264_aac.mp4", true},
		{"vfr_h264.mp4", true},
		{"editlist.mp4", true},
		{"hevc8.mov", false},
		{"hevc10.mov", false},
		{"vfr_hevc.mov", false},
		{"rot90.mp4", false},
		{"vp9_opus.webm", false},
		{"uhd60.mp4", true},
		{"hd60_hevc10_portrait.mov", false},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			in := fixture(t, tt.source)
			out, info := playbackCopy(t, in)
			wantFrames := assertSameFrameTable(t, in, out)
			if tt.remux {
				assertSamePictures(t, in, out)
			} else {
				assertClosePictures(t, in, out, wantFrames)
				assertKeyframeEvery(t, out, 1_040_000)
			}
			assertBrowserReady(t, out, info)
		})
	}
}

func playbackCopy(t *testing.T, in string) (string, *Info) {
	t.Helper()
	ctx := context.Background()
	info, err := Probe(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "playback.mp4")
	var calls []float64
	if err := PlaybackCopy(ctx, in, out, info, func(p float64) { calls = append(calls, p) }); err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != 1 || !slices.IsSorted(calls) {
		t.Errorf("progress calls = %v, want rising to 1", calls)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("left behind %d files, want only the output", len(entries))
	}
	return out, info
}

func assertSameFrameTable(t *testing.T, in, out string) int {
	t.Helper()
	want, err := FrameTable(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := FrameTable(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("frame table differs:\n got %v\nwant %v", got, want)
	}
	return len(want)
}

func assertSamePictures(t *testing.T, in, out string) {
	t.Helper()
	if got, want := framemd5(t, out), framemd5(t, in); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("remuxed pictures differ: %d vs %d frames", len(got), len(want))
	}
}

func assertClosePictures(t *testing.T, in, out string, frames int) {
	t.Helper()
	values := psnr(t, out, in)
	if len(values) != frames || mean(values) < 35 {
		t.Errorf("PSNR over %d frames (want %d): mean %.1f dB, want ≥ 35", len(values), frames, mean(values))
	}
}

func assertKeyframeEvery(t *testing.T, path string, maxGap int64) {
	t.Helper()
	keys, err := Keyframes(context.Background(), path)
	frames, _ := FrameTable(context.Background(), path)
	if err != nil || len(keys) < 2 || len(frames) == 0 || keys[0] != frames[0] {
		t.Fatalf("Keyframes = %v, %v", keys, err)
	}
	for i := 1; i < len(keys); i++ {
		if keys[i]-keys[i-1] > maxGap {
			t.Errorf("keyframes %d µs apart at %d", keys[i]-keys[i-1], keys[i])
		}
	}
}

// assertBrowserReady: H.264/AAC MP4, upright, moov first, no metadata, first
// frame at time 0 of the file.
func assertBrowserReady(t *testing.T, out string, src *Info) {
	t.Helper()
	info, err := Probe(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	if !info.BrowserPlayable() || info.Rotation != 0 || info.HasAudio != src.HasAudio ||
		info.Width != src.DisplayWidth || info.Height != src.DisplayHeight {
		t.Errorf("playback copy is %+v", info)
	}
	if tags := formatTags(t, out); strings.Contains(tags, "location") || strings.Contains(tags, "secret") || strings.Contains(tags, "rotat") {
		t.Errorf("metadata left in playback copy:\n%s", tags)
	}
	data, _ := os.ReadFile(out)
	if bytes.Index(data, []byte("moov")) > bytes.Index(data, []byte("mdat")) {
		t.Error("moov after mdat: not fast-start")
	}
	if start := startTime(t, out); start != "0.000000" {
		t.Errorf("playback copy starts at %s, want 0", start)
	}
}

// A cancelled copy leaves nothing behind: no output, no temp file.
func TestPlaybackCopyCancelled(t *testing.T) {
	in := fixture(t, "hevc8.mov")
	info, err := Probe(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	if err := PlaybackCopy(ctx, in, filepath.Join(dir, "out.mp4"), info, nil); err == nil {
		t.Error("cancelled PlaybackCopy succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %d files behind", len(entries))
	}
}
