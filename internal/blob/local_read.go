package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/attune-vig/attune/internal/durable"
)

// localObject is an open object file.
type localObject struct {
	*os.File
	size int64
}

func (o localObject) Size() int64 { return o.size }

// Open opens the object under key for reading.
func (l *Local) Open(ctx context.Context, key string) (Object, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	f, err := os.Open(l.path(key))
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: opening %q: %w", key, err)
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%w: %q is not a stored object", ErrNotFound, key)
	}
	return localObject{File: f, size: info.Size()}, nil
}

// Delete removes the object under key and fsyncs its directory.
func (l *Local) Delete(ctx context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	path := l.path(key)
	err := os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("blob: deleting %q: %w", key, err)
	}
	return durable.SyncDir(filepath.Dir(path))
}

// List returns the keys under prefix, sorted, skipping temporary files.
func (l *Local) List(ctx context.Context, prefix string) ([]string, error) {
	if err := checkPrefix(prefix); err != nil {
		return nil, err
	}
	start := filepath.Join(l.root, filepath.FromSlash(prefix[:strings.LastIndex(prefix, "/")+1]))
	keys := []string{}
	err := filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == start {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		rel, _ := filepath.Rel(l.root, path)
		if key := filepath.ToSlash(rel); strings.HasPrefix(key, prefix) {
			keys = append(keys, key)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("blob: listing %q in %s: %w", prefix, l.root, err)
	}
	slices.Sort(keys)
	return keys, nil
}
