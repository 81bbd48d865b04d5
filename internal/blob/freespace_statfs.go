//go:build linux || darwin

package blob

import (
	"fmt"
	"syscall"
)

// FreeBytes returns the space available to this process on the volume
// that holds the store.
func (l *Local) FreeBytes() (int64, error) { return FreeSpace(l.root) }

// FreeSpace returns the space available to this process on the volume
// that holds path.
func FreeSpace(path string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, fmt.Errorf("blob: statfs %s: %w", path, err)
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}
