package durable

import (
	"os"
	"path/filepath"
)

// ReplaceFile replaces path with data so that a crash leaves either the old
// file or the new one: written and fsynced under a temporary name (pattern,
// as os.CreateTemp takes it) in the same folder, renamed into place, the
// folder fsynced.
func ReplaceFile(path, pattern string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	return SyncDir(dir)
}
