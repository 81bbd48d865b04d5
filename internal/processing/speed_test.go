package processing

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestProcessingSpeed measures what a guider waits for after an upload,
// against plain ffmpeg doing the same conversion in the same run:
//   - a phone-like 1080p H.264 file (remux path): time until ready to play,
//     versus `ffmpeg -c copy -movflags +faststart`;
//   - a 1080p HEVC file (transcode path): speed as a multiple of real time,
//     versus a plain libx264 veryfast transcode.
//
// Run by scripts/bench.sh (make bench). ATTUNE_BENCH_VIDEO_SECONDS sets the
// H.264 film's length (default 600 = 10 minutes) and
// ATTUNE_BENCH_HEVC_SECONDS the HEVC one's (default 120: making a long HEVC
// source takes far longer than converting it).
func TestProcessingSpeed(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("processing benchmark: set ATTUNE_BENCH=1 (scripts/bench.sh, make bench) to run it")
	}
	out := io.Writer(os.Stdout)
	if path := os.Getenv("ATTUNE_BENCH_PROCESSING_OUT"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = io.MultiWriter(os.Stdout, f)
	}
	h264s, hevcs := benchSeconds("ATTUNE_BENCH_VIDEO_SECONDS", 600), benchSeconds("ATTUNE_BENCH_HEVC_SECONDS", 120)
	dir := t.TempDir()
	h264 := filepath.Join(dir, "phone.mp4")
	hevc := filepath.Join(dir, "phone-hevc.mov")
	gen(t, h264, h264s, "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-bf", "2", "-movflags", "+faststart")
	gen(t, hevc, hevcs, "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1")
	fmt.Fprintf(out, "attune processing: 1080p30 with AAC, %s\n%-34s %9s %9s %9s %12s\n", time.Now().Format(time.RFC3339),
		"film", "attune", "ffmpeg", "ratio", "attune speed")
	copyBase := timed(t, func() error {
		return ffmpeg("-i", h264, "-map", "0", "-c", "copy", "-movflags", "+faststart", filepath.Join(dir, "copy.mp4"))
	})
	ready := processTimed(t, h264)
	fmt.Fprintf(out, "%-34s %8.1fs %8.1fs %8.2fx %10.1fx rt\n", fmt.Sprintf("H.264 %d s, remux: ready to play", h264s),
		ready.Seconds(), copyBase.Seconds(), ready.Seconds()/copyBase.Seconds(), float64(h264s)/ready.Seconds())
	transBase := timed(t, func() error {
		return ffmpeg("-i", hevc, "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac",
			"-movflags", "+faststart", filepath.Join(dir, "transcoded.mp4"))
	})
	done := processTimed(t, hevc)
	fmt.Fprintf(out, "%-34s %8.1fs %8.1fs %8.2fx %10.2fx rt\n", fmt.Sprintf("HEVC %d s, transcode: ready", hevcs),
		done.Seconds(), transBase.Seconds(), done.Seconds()/transBase.Seconds(), float64(hevcs)/done.Seconds())
	fmt.Fprintf(out, "(ratio = attune time / plain ffmpeg time; attune also decrypts, makes the frame table, poster, storyboard and waveform, and encrypts every output)\n")
}

func gen(t *testing.T, out string, seconds int, codec ...string) {
	args := []string{"-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", "sine=frequency=300",
		"-t", strconv.Itoa(seconds), "-pix_fmt", "yuv420p"}
	args = append(append(args, codec...), "-c:a", "aac", out)
	if err := ffmpeg(args...); err != nil {
		t.Fatalf("generate %s: %v", out, err)
	}
}

func timed(t *testing.T, fn func() error) time.Duration {
	start := time.Now()
	if err := fn(); err != nil {
		t.Fatal(err)
	}
	return time.Since(start)
}

// processTimed stores path as a recording's original, then times Process
// until the recording is ready.
func processTimed(t *testing.T, path string) time.Duration {
	e := newEnv(t, storetest.SQLite(t))
	id := e.upload(t, path)
	d := timed(t, func() error { return e.p.Process(ctx, id) })
	if r := e.recording(t, id); r.Status != domain.RecordingReady {
		t.Fatalf("%s: status %s (%s)", path, r.Status, r.Error)
	}
	return d
}

func benchSeconds(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
