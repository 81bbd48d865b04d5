//go:build !(linux || darwin)

package blob

import "errors"

// FreeBytes is not implemented on this platform; a reserve cannot be used.
func (l *Local) FreeBytes() (int64, error) {
	return 0, errors.ErrUnsupported
}
