// Package blob stores opaque byte objects under server-made keys, in a
// local directory or an S3-compatible bucket, behind one interface. It does
// no encryption: callers hand it bytes already sealed by package vault.
package blob

import (
	"context"
	"errors"
	"io"
)

// Store holds objects under keys made by the server (see CheckKey).
type Store interface {
	// Put stores the whole reader under key atomically: readers never see a
	// partial object, and a failed Put leaves any previous object intact.
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Open returns the object under key, or ErrNotFound.
	Open(ctx context.Context, key string) (Object, error)
	// Delete removes the object under key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// List returns the keys that start with prefix, sorted.
	List(ctx context.Context, prefix string) ([]string, error)
}

// Object is a stored object opened for reading.
type Object interface {
	io.ReaderAt
	io.Closer
	Size() int64
}

var (
	// ErrNotFound reports that no object exists under a key.
	ErrNotFound = errors.New("blob: object not found")
	// ErrInvalidKey reports a key outside the allowed form (see CheckKey).
	ErrInvalidKey = errors.New("blob: invalid object key")
	// ErrDiskFull reports that the local disk ran out of space.
	ErrDiskFull = errors.New("blob: the disk is full; free space on the volume that holds the data directory, then retry")
	// ErrChanged reports an object replaced while it was open for reading;
	// open it again to read the new version.
	ErrChanged = errors.New("blob: object was replaced while it was being read; open it again")
	// ErrReserve reports a Put refused because it would eat into the
	// configured free-disk reserve.
	ErrReserve = errors.New("blob: storing this would leave less free disk space than the configured reserve; free space on the data volume or lower the reserve")
)
