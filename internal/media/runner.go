// Package media is the only place that knows ffmpeg and ffprobe arguments.
// Every run is hardened: an argument list (never a shell), no stdin, a
// deadline, its own process group killed as a whole on cancel, bounded
// stderr, local files only, allow-listed demuxers and capped probing.
package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strconv"
	"time"
)

// Tools names the ffmpeg and ffprobe binaries. The zero value looks both up
// in PATH. Threads caps decoder, encoder and filter threads, which is also
// how memory is bounded without prlimit: frame buffers grow with threads
// (0 means min(NumCPU, 4)). Timeout, when set, replaces every default deadline.
type Tools struct {
	FFmpeg, FFprobe string
	Threads         int
	Timeout         time.Duration
}

// ErrNotInstalled is matched (errors.Is) by the error returned when a binary is missing.
var ErrNotInstalled = errors.New("ffmpeg is not installed: run `apt-get install ffmpeg`")

// Input caps: how much ffmpeg may read and for how long while guessing streams.
const (
	probeSize       = "10000000" // bytes
	analyzeDuration = "10000000" // microseconds
	maxStreams      = "32"
	stderrTail      = 8 << 10
)

func (t Tools) binary(tool string) (string, error) {
	name := t.FFmpeg
	if tool == "ffprobe" {
		name = t.FFprobe
	}
	if name == "" {
		name = tool
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%w (looking for %q)", ErrNotInstalled, name)
	}
	return path, nil
}

func (t Tools) threads() string {
	if t.Threads > 0 {
		return strconv.Itoa(t.Threads)
	}
	return strconv.Itoa(min(runtime.NumCPU(), 4))
}

func (t Tools) deadline(def time.Duration) time.Duration {
	if t.Timeout > 0 {
		return t.Timeout
	}
	return def
}

// inputArgs are the options placed before every -i: forced demuxer, local
// files only, capped probing.
func inputArgs(demuxer, path string) []string {
	return []string{
		"-protocol_whitelist", "file",
		"-probesize", probeSize, "-analyzeduration", analyzeDuration,
		"-max_streams", maxStreams,
		"-f", demuxer, "-i", "file:" + path,
	}
}

// ffmpegInput is inputArgs with the decoder's threads capped.
func (t Tools) ffmpegInput(demuxer, path string) []string {
	return append([]string{"-threads", t.threads()}, inputArgs(demuxer, path)...)
}

// run executes tool with args, writing its stdout to stdout (may be nil).
func (t Tools) run(ctx context.Context, tool string, timeout time.Duration, args []string, stdout io.Writer) error {
	bin, err := t.binary(tool)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, t.deadline(timeout))
	defer cancel()
	base := []string{"-hide_banner", "-loglevel", "error"}
	if tool == "ffmpeg" {
		base = append(base, "-nostdin", "-y")
	}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	stderr := &tailBuffer{max: stderrTail}
	cmd.Stdout, cmd.Stderr, cmd.Stdin = stdout, stderr, nil
	ownProcessGroup(cmd)
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Run(); err != nil {
		return newProcessError(ctx, tool, err, stderr.String())
	}
	return nil
}
