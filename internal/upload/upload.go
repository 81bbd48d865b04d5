// Package upload receives recordings over the tus 1.0 resumable upload
// protocol (HEAD for the offset, PATCH to append) and keeps every byte
// encrypted at rest from the first one: bytes are sealed into a vault file
// in a staging folder as they arrive, the offset acknowledged is only what
// is fsynced there, and the finished file moves into the blob store.
//
// The protocol is tusd's handler (github.com/tus/tusd/v2/pkg/handler) over
// our own DataStore and Locker; uploads are created by the JSON API, so
// creation, download, termination and concatenation are switched off.
package upload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/vault"
)

// Upload is what the caller knows about an upload.
type Upload struct {
	ID   string
	Size int64
	Key  vault.FileKey
	// Done: every byte arrived earlier and was handed on. HEAD answers the
	// full length (so a client that lost its last answer finishes), an
	// empty PATCH at the end is acknowledged, any other PATCH refused.
	Done bool
}

// Hooks connects the endpoint to the rest of the application.
type Hooks interface {
	// Lookup authorizes the request (the caller re-checks permission on
	// every request) and returns the upload; it returns a domain error
	// (ENOTFOUND → 404, EFORBIDDEN → 403) when refused.
	Lookup(r *http.Request, id string) (*Upload, error)
	// Progress is called after each acknowledged (fsynced) write.
	Progress(ctx context.Context, id string, offset, size int64)
	// Finished is called once the encrypted file is in the blob store under
	// blobKey. If it fails, the next HEAD or PATCH tries again.
	Finished(ctx context.Context, id string, blobKey string, size int64) error
}

// Config configures New.
type Config struct {
	Dir          string // staging folder for in-progress encrypted uploads
	Blobs        blob.Store
	BlobKey      func(id string) string
	ReserveBytes int64 // free-disk reserve for the staging dir
	Hooks        Hooks
	// Locks serializes requests per upload across processes; nil means an
	// in-process lock (enough for one server; a PostgreSQL advisory lock
	// can implement Locker for several: see DBLocker).
	Locks Locker
	// Parts, when set, stages uploads in the blob store with their parts
	// recorded here, so that any server can continue an upload (see
	// DBParts); Dir is then unused. Nil stages them in Dir (one server).
	Parts Parts
	// Log receives tusd's warnings; nil: slog's default logger.
	Log *slog.Logger
}

// New returns the tus endpoint, to be mounted at /api/v1/uploads/; it
// serves OPTIONS, HEAD and PATCH on /api/v1/uploads/{id}.
func New(cfg Config) (http.Handler, error) {
	if cfg.Dir == "" || cfg.Blobs == nil || cfg.BlobKey == nil || cfg.Hooks == nil {
		return nil, errors.New("upload: Config needs Dir, Blobs, BlobKey and Hooks")
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("upload: creating the staging folder %s: %w; check its parent's permissions", cfg.Dir, err)
	}
	if cfg.Locks == nil {
		cfg.Locks = NewMemLocker()
	}
	st := newStore(cfg)
	if err := st.sweepTemp(); err != nil {
		return nil, err
	}
	if cfg.Parts != nil {
		go st.sweepForever(sweepEvery)
	}
	return newRouter(st)
}
