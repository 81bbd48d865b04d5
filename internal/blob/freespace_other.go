//go:build !(linux || darwin)

package blob

import "errors"

// FreeBytes cannot read free space on this platform, so a reserve set here
// is refused with errors.ErrUnsupported rather than silently ignored.
func (l *Local) FreeBytes() (int64, error) { return FreeSpace(l.root) }

// FreeSpace cannot read free space on this platform.
func FreeSpace(string) (int64, error) {
	return 0, errors.ErrUnsupported
}
