package upload

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Discard removes whatever is staged for an upload (a recording deleted
// before its upload finished). Its bytes were sealed under the recording's
// key, which the deletion already destroyed.
func Discard(dir, id string) error {
	if !validID.MatchString(id) {
		return nil
	}
	var first error
	for _, ext := range []string{".part", ".tail", ".done"} {
		if err := os.Remove(filepath.Join(dir, id+ext)); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
	}
	return first
}
