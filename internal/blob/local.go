package blob

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/attune-vig/attune/internal/durable"
)

// tempPrefix starts the name of every temporary file. Keys cannot produce
// such names (segments start with a letter or digit), so List skips them
// and SweepTemp may remove them.
const tempPrefix = ".tmp-"

// Local is a Store in a directory on the local disk. Objects are files
// named by their keys; writes go through a temporary file in the target
// directory, fsync, rename, fsync of the directory.
type Local struct {
	root    string
	reserve int64
}

// NewLocal returns a store rooted at dir, creating it (mode 0700) if needed.
// If reserveBytes > 0, a Put that would leave less free space than that on
// the volume fails with ErrReserve (checked per Put; concurrent Puts may
// together dip into the reserve by at most their combined size).
func NewLocal(dir string, reserveBytes int64) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: data directory %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("blob: creating data directory %s: %w; check its parent's permissions", abs, err)
	}
	return &Local{root: abs, reserve: reserveBytes}, nil
}

// Dir returns the store's root directory.
func (l *Local) Dir() string { return l.root }

// path returns the file name of a valid key.
func (l *Local) path(key string) string {
	return filepath.Join(l.root, filepath.FromSlash(key))
}

// mkdirs creates dir (below the root) and fsyncs the parent of each
// directory it creates, so that a later rename into it survives a crash.
func (l *Local) mkdirs(dir string) error {
	rel, err := filepath.Rel(l.root, dir)
	if err != nil || rel == "." {
		return err
	}
	cur := l.root
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		parent := cur
		cur = filepath.Join(cur, part)
		err := os.Mkdir(cur, 0o700)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return err
		}
		if err := durable.SyncDir(parent); err != nil {
			return err
		}
	}
	return nil
}

// describe turns a write failure into an error that says what happened.
func describe(op, key string, err error) error {
	switch {
	case errors.Is(err, ErrReserve), errors.Is(err, ErrInvalidKey):
		return err
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("%w (%s %q: %v)", ErrDiskFull, op, key, err)
	}
	return fmt.Errorf("blob: %s %q failed: %w", op, key, err)
}
