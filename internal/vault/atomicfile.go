package vault

import (
	"os"
	"path/filepath"

	"github.com/attune-vig/attune/internal/durable"
)

// writeFileAtomic replaces path with data (mode 0600) so that a crash
// leaves either the old content or the new one: temporary file in the same
// directory, fsync, rename, fsync the directory.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return durable.SyncDir(filepath.Dir(path))
}

// writeFileExclusive is writeFileAtomic that fails with fs.ErrExist instead
// of replacing an existing file: it hard-links the synced temporary file
// into place, which is atomic and refuses an existing name.
func writeFileExclusive(path string, data []byte) error {
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		return err
	}
	if err := os.Remove(tmp); err != nil {
		return err
	}
	return durable.SyncDir(filepath.Dir(path))
}

// writeTemp writes data to a new 0600 file next to path and fsyncs it.
func writeTemp(path string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return "", err
	}
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
