package media

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkPlaybackCopyRemux measures the remux path of PlaybackCopy (sniff,
// hardened ffmpeg, progress parsing, temp file and rename) against a bare
// `ffmpeg -c copy` of the same 2 s input. Probe is outside the loop.
func BenchmarkPlaybackCopyRemux(b *testing.B) {
	in := fixture(b, "h264_aac.mp4")
	info, err := Probe(context.Background(), in)
	if err != nil || !info.BrowserPlayable() {
		b.Fatalf("fixture not remuxable: %v", err)
	}
	out := filepath.Join(b.TempDir(), "out.mp4")
	b.Run("PlaybackCopy", func(b *testing.B) {
		for b.Loop() {
			if err := PlaybackCopy(context.Background(), in, out, info, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ffmpeg-c-copy", func(b *testing.B) {
		for b.Loop() {
			if err := ffmpegTest("-i", in, "-c", "copy", "-movflags", "+faststart", out); err != nil {
				b.Fatal(err)
			}
		}
	})
}
