package blob

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"github.com/attune-vig/attune/internal/durable"
)

// Adopter is a Store that can take over a finished, fsynced file by linking
// it into place, instead of copying its bytes again.
type Adopter interface {
	// Adopt links the file at path in as key. The file must already be
	// synced; the caller removes path when it no longer needs it. Adopting
	// the same file twice is harmless. ErrCrossDevice means the file is on
	// another filesystem: copy it with Put instead.
	Adopt(ctx context.Context, key, path string) (int64, error)
}

// ErrCrossDevice says a file can't be renamed into the store.
var ErrCrossDevice = errors.New("blob: the file is on another filesystem than the store")

// Adopt hard-links a synced file into place and fsyncs the directory.
func (l *Local) Adopt(ctx context.Context, key, path string) (int64, error) {
	if err := CheckKey(key); err != nil {
		return 0, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	dst := l.path(key)
	if err := l.mkdirs(filepath.Dir(dst)); err != nil {
		return 0, describe("creating the directory for", key, err)
	}
	if err := os.Link(path, dst); err != nil {
		switch {
		case errors.Is(err, syscall.EXDEV):
			return 0, ErrCrossDevice
		case errors.Is(err, os.ErrExist) && sameFile(path, dst):
			return info.Size(), nil // adopted before
		}
		return 0, describe("linking a file into", key, err)
	}
	if err := durable.SyncDir(filepath.Dir(dst)); err != nil {
		return 0, describe("syncing the directory of", key, err)
	}
	return info.Size(), nil
}

func sameFile(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}
