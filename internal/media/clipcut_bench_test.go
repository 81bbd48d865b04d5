package media

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// benchSource makes a long 1080p30 source cheaply: ten seconds encoded
// (2 s GOPs, B-frames) and stream-copied end to end (-stream_loop) to ten
// minutes, or one with ATTUNE_BENCH_QUICK.
func benchSource(t *testing.T, name string, encode []string) string {
	t.Helper()
	piece := filepath.Join(fixtureDir, "piece-"+name)
	args := append([]string{"-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", lavfiAudio,
		"-t", "10", "-pix_fmt", "yuv420p", "-c:a", "aac"}, encode...)
	if err := ffmpegTest(append(args, piece)...); err != nil {
		t.Fatal(err)
	}
	return loopCopy(t, piece, "bench-"+name)
}

// cost is the wall time and the CPU time (of this process and its
// children: ffmpeg) of one run. On a shared machine CPU time is the steadier
// measure; both are reported.
type cost struct{ wall, cpu time.Duration }

func cpuNow() time.Duration {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(kids.Utime) + tv(kids.Stime)
}

// race runs ours and base alternately, n times each, and keeps each's
// quickest run, so a change in the machine's load hits both alike.
func race(t *testing.T, n int, ours, base func() error) (cost, cost) {
	t.Helper()
	var best [2]cost
	for range n {
		for i, fn := range []func() error{ours, base} {
			start, cpu := time.Now(), cpuNow()
			if err := fn(); err != nil {
				t.Fatal(err)
			}
			c := cost{time.Since(start), cpuNow() - cpu}
			if best[i].wall == 0 || c.wall < best[i].wall {
				best[i].wall = c.wall
			}
			if best[i].cpu == 0 || c.cpu < best[i].cpu {
				best[i].cpu = c.cpu
			}
		}
	}
	return best[0], best[1]
}

func report(name string, ours, base cost, target float64) {
	fmt.Printf("BENCH %s: ours %v (cpu %v), baseline %v (cpu %v); ratio %.3f wall, %.3f cpu (target ≤ %.2f)\n",
		name, ours.wall.Round(time.Millisecond), ours.cpu.Round(time.Millisecond), base.wall.Round(time.Millisecond),
		base.cpu.Round(time.Millisecond), ours.wall.Seconds()/base.wall.Seconds(), ours.cpu.Seconds()/base.cpu.Seconds(), target)
}

// baselineCut is a plain exact ffmpeg re-encode of frames first..first+n-1.
func baselineCut(in string, frames []int64, first, n int, out string) error {
	return ffmpegTest("-ss", micros(frames[first]-1), "-i", in, "-map", "0:v:0", "-map", "0:a:0", "-frames:v", strconv.Itoa(n),
		"-t", micros(frames[first+n]-frames[first]), "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", out)
}

// TestBenchClipExport (ATTUNE_BENCH=1) times the export of a 10-second
// clip starting mid-GOP, five minutes into a ten-minute 1080p30 source,
// against a plain exact re-encode of the same frames. The clip is cut as
// attune cuts it: from the recording's playback copy (PlaybackCopy: a remux
// of the H.264 source, an H.264 transcode of the HEVC one), with the
// original named (ClipSource.Original), from which the frames the cut
// encodes are taken when the copy is a transcode. The baseline re-encodes
// the original; the clip is checked against the original.
func TestBenchClipExport(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") == "" {
		t.Skip("set ATTUNE_BENCH=1 to run the clip export benchmark")
	}
	ctx := context.Background()
	gop := []string{"-g", "60", "-keyint_min", "60", "-sc_threshold", "0"}
	h264 := benchSource(t, "h264.mp4", append([]string{"-c:v", "libx264", "-preset", "superfast", "-bf", "3"}, gop...))
	hevcPiece := filepath.Join(fixtureDir, "piece-hevc.mov")
	if err := ffmpegTest("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", lavfiAudio, "-t", "10",
		"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", x265Quiet+":keyint=60:min-keyint=60:scenecut=0",
		"-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac", hevcPiece); err != nil {
		t.Fatal(err)
	}
	hevc := loopCopy(t, hevcPiece, "bench-hevc.mov")
	for _, c := range []struct{ name, source, cut string }{
		{"h264", h264, benchPlayback(t, filepath.Join(fixtureDir, "piece-h264.mp4"), "h264")},
		{"hevc", hevc, benchPlayback(t, hevcPiece, "hevc")},
	} {
		frames, err := FrameTable(ctx, c.source)
		if err != nil {
			t.Fatal(err)
		}
		first := len(frames)/2 + 15 // half a second past a keyframe
		cutFrames, err := FrameTable(ctx, c.cut)
		if err != nil || len(cutFrames) != len(frames) {
			t.Fatalf("the copy to cut has %d frames, the source %d (%v)", len(cutFrames), len(frames), err)
		}
		dir := t.TempDir()
		var res ClipResult
		ours, base := race(t, 3, func() (err error) {
			src := ClipSource{Path: c.cut, Original: &ClipSource{Path: c.source}}
			res, err = Tools{}.ClipCut(ctx, src, cutFrames, first, first+299, filepath.Join(dir, "ours.mp4"), nil)
			return err
		}, func() error { return baselineCut(c.source, frames, first, 300, filepath.Join(dir, "base.mp4")) })
		checkClip(t, c.source, filepath.Join(dir, "ours.mp4"), first, first+299)
		report(fmt.Sprintf("clip export %s (%d min source, %+v)", c.name, len(frames)/1800, res), ours, base, 0.2)
	}
}

func loopCopy(t *testing.T, piece, name string) string {
	t.Helper()
	loops := "59"
	if os.Getenv("ATTUNE_BENCH_QUICK") != "" {
		loops = "5"
	}
	out := filepath.Join(fixtureDir, name)
	if err := ffmpegTest("-stream_loop", loops, "-i", piece, "-c", "copy", out); err != nil {
		t.Fatal(err)
	}
	return out
}

// benchPlayback makes the playback copy of a ten-second piece as attune
// does, then loops it like the source.
func benchPlayback(t *testing.T, piece, name string) string {
	t.Helper()
	info, err := Probe(context.Background(), piece)
	if err != nil {
		t.Fatal(err)
	}
	play := filepath.Join(fixtureDir, "piece-"+name+"-playback.mp4")
	if err := PlaybackCopy(context.Background(), piece, play, info, nil); err != nil {
		t.Fatal(err)
	}
	return loopCopy(t, play, "bench-"+name+"-playback.mp4")
}
