package blob

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/attune-vig/attune/internal/durable"
)

// Put writes r to a temporary file next to the object, fsyncs it, renames
// it over the object and fsyncs the directory. On any failure the
// temporary file is removed and the previous object, if any, is untouched.
func (l *Local) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	if err := CheckKey(key); err != nil {
		return 0, err
	}
	path := l.path(key)
	dir := filepath.Dir(path)
	if err := l.mkdirs(dir); err != nil {
		return 0, describe("creating the directory for", key, err)
	}
	limit, err := l.allowance()
	if err != nil {
		return 0, err
	}
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return 0, describe("creating a temporary file for", key, err)
	}
	n, err := fill(ctx, f, r, limit)
	if err == nil {
		err = commit(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return 0, describe("writing", key, err)
	}
	return n, nil
}

// allowance returns how many bytes a Put may write before it would cross
// the reserve, or -1 when there is no reserve.
func (l *Local) allowance() (int64, error) {
	if l.reserve <= 0 {
		return -1, nil
	}
	free, err := l.FreeBytes()
	if err != nil {
		return 0, fmt.Errorf("blob: checking free disk space in %s for the reserve: %w", l.root, err)
	}
	if free <= l.reserve {
		return 0, ErrReserve
	}
	return free - l.reserve, nil
}

// fill copies r into f (at most limit bytes unless limit < 0), fsyncs and
// closes f. f is closed whatever happens.
func fill(ctx context.Context, f *os.File, r io.Reader, limit int64) (int64, error) {
	src := io.Reader(ctxReader{ctx, r})
	if limit >= 0 {
		src = io.LimitReader(src, limit+1)
	}
	n, err := io.Copy(f, src)
	if err == nil && limit >= 0 && n > limit {
		err = ErrReserve
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// commit renames the synced temporary file into place and fsyncs the directory.
func commit(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if err := durable.SyncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("fsync of directory after rename: %w", err)
	}
	return nil
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
