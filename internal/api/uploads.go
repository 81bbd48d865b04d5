package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/upload"
)

// UploadHooks connect the tus endpoint to the recording rules: every request
// is authorized afresh, progress is recorded, and a finished upload is handed
// to processing.
type UploadHooks struct{ Recordings *recordings.Service }

// Lookup authorizes an upload request and returns what the endpoint needs.
func (h UploadHooks) Lookup(r *http.Request, id string) (*upload.Upload, error) {
	rec, key, err := h.Recordings.UploadTarget(r.Context(), server.IdentityOf(r).Actor(), id)
	if errors.Is(err, recordings.ErrAlreadyUploaded) {
		return &upload.Upload{ID: rec.ID, Size: rec.Size, Done: true}, nil
	}
	if err != nil {
		return nil, err
	}
	return &upload.Upload{ID: rec.ID, Size: rec.Size, Key: key}, nil
}

// Progress records how much is safely stored.
func (h UploadHooks) Progress(ctx context.Context, id string, offset, size int64) {
	h.Recordings.UploadProgress(ctx, id, offset, size)
}

// Finished records the original and schedules processing.
func (h UploadHooks) Finished(ctx context.Context, id, blobKey string, size int64) error {
	return h.Recordings.UploadFinished(ctx, id, blobKey, size)
}

// RegisterUploads mounts the tus endpoint with its policies.
func RegisterUploads(s *server.Server, tus http.Handler) {
	s.Handle("OPTIONS "+UploadPath+"{id}", server.Public, tus.ServeHTTP)
	s.Handle("HEAD "+UploadPath+"{id}", server.CaseStaff, tus.ServeHTTP)
	s.Handle("PATCH "+UploadPath+"{id}", server.CaseStaff, tus.ServeHTTP)
}
