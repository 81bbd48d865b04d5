package media

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// ProcessError is a failed ffmpeg or ffprobe run. Stderr holds the last few
// KiB of its diagnostics; log it, do not show it to users.
type ProcessError struct {
	Tool     string
	ExitCode int // -1 when killed (deadline, cancel) or never started
	Stderr   string
	Err      error
}

func (e *ProcessError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		msg = e.Err.Error()
	}
	return fmt.Sprintf("%s failed (exit %d): %s", e.Tool, e.ExitCode, msg)
}

func (e *ProcessError) Unwrap() error { return e.Err }

func newProcessError(ctx context.Context, tool string, err error, stderr string) error {
	code := -1
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	}
	if ctx.Err() != nil {
		err = fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	return &ProcessError{Tool: tool, ExitCode: code, Stderr: stderr, Err: err}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string { return string(b.buf) }
