package media

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMissingBinary(t *testing.T) {
	_, err := noFFprobe.Probe(context.Background(), fixture(t, "h264_aac.mp4"))
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "apt-get install ffmpeg") {
		t.Errorf("Probe with no ffprobe = %v, want ErrNotInstalled", err)
	}
}

func TestProcessError(t *testing.T) {
	err := Tools{}.run(context.Background(), "ffmpeg", time.Minute, []string{"-i", "file:/nonexistent.mp4"}, nil)
	var pe *ProcessError
	if !errors.As(err, &pe) || pe.Tool != "ffmpeg" || pe.ExitCode <= 0 || !strings.Contains(pe.Stderr, "No such file") {
		t.Fatalf("run = %#v, want a ProcessError with ffmpeg's complaint", err)
	}
}

// The deadline kills ffmpeg's whole process group and returns promptly.
func TestDeadlineKills(t *testing.T) {
	start := time.Now()
	endless := []string{"-f", "lavfi", "-i", "testsrc2=size=64x64:rate=30", "-f", "null", "-"}
	err := Tools{Timeout: 500 * time.Millisecond}.run(context.Background(), "ffmpeg", time.Hour, endless, nil)
	var pe *ProcessError
	if !errors.As(err, &pe) || pe.ExitCode != -1 || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("run = %v, want a killed ProcessError wrapping DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to stop", d)
	}
}

func TestTailBufferKeepsTheEnd(t *testing.T) {
	b := &tailBuffer{max: 8}
	for _, s := range []string{"hello ", "world, ", "goodbye"} {
		b.Write([]byte(s))
	}
	if got := b.String(); got != ", goodbye"[1:] {
		t.Errorf("tail = %q, want %q", got, " goodbye")
	}
}
