package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/vault"
	tusd "github.com/tus/tusd/v2/pkg/handler"
)

// partMax bounds a staged part: a long PATCH is committed in steps of at
// most this many bytes, so a crash loses less than one step.
const partMax = 64 << 20

// sharedWrite stores the body of one PATCH as parts in the blob store and
// records each in Parts once it is stored; it returns how many bytes past
// offset are committed. Any body that arrived is committed, however short
// (a dropped connection keeps what came through).
func (s *store) sharedWrite(ctx context.Context, up *Upload, offset int64, src io.Reader) (int64, error) {
	parts, err := s.cfg.Parts.List(ctx, up.ID)
	if err != nil {
		return 0, internalError(err)
	}
	if partsEnd(parts) != offset {
		return 0, tusd.ErrMismatchOffset
	}
	body := io.LimitReader(src, up.Size-offset)
	var written int64
	for offset+written < up.Size {
		p, err := s.stagePart(ctx, up, offset+written, body)
		if err != nil || p.Length == 0 {
			return written, err
		}
		if offset+written+p.Length == up.Size && oversized(ctx, src) { // src itself: one byte past the size
			s.dropObject(ctx, p.Key)
			return written, nil
		}
		if err := s.cfg.Parts.Add(context.WithoutCancel(ctx), up.ID, p); err != nil {
			s.dropObject(ctx, p.Key)
			return written, partError(err)
		}
		written += p.Length
		s.cfg.Hooks.Progress(ctx, up.ID, offset+written, up.Size)
		if p.Length < partMax {
			break // the body ended
		}
	}
	return written, nil
}

// errConflict answers a part that lost a race with another server.
var errConflict = tusd.NewError("ERR_UPLOAD_CONFLICT",
	"Another request added to this upload at the same time. Ask for the upload's offset (HEAD) and continue from there.",
	409)

func partError(err error) error {
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return errConflict
	}
	return internalError(err)
}

// stagePart seals up to partMax bytes of src into a new object; a part of
// length 0 means src had nothing more. The object is complete when
// stagePart returns (Put is atomic), but not yet part of the upload.
func (s *store) stagePart(ctx context.Context, up *Upload, start int64, src io.Reader) (Part, error) {
	bp := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(bp)
	n, _ := io.ReadFull(src, *bp)
	if n == 0 {
		return Part{}, nil
	}
	p := Part{Start: start, Created: time.Now().UTC()}
	p.Key = partKey(up.ID, start, p.Created)
	h := sha256.New()
	body := io.TeeReader(io.MultiReader(bytes.NewReader((*bp)[:n]), io.LimitReader(src, partMax-int64(n))), h)
	length, err := s.putSealed(context.WithoutCancel(ctx), p.Key, up.Key, partFileID(up.ID, start), body)
	if err != nil {
		return Part{}, storageError(err, start)
	}
	p.Length, p.SHA256 = length, hex.EncodeToString(h.Sum(nil))
	return p, nil
}

// putSealed stores plain, sealed under key and fileID, as the object
// blobKey and returns the plaintext length. A body read error ends the
// plaintext there (tusd reports the error to the client itself).
func (s *store) putSealed(ctx context.Context, blobKey string, key vault.FileKey, fileID string, plain io.Reader) (int64, error) {
	return vault.PutSealed(endAtError{plain}, key, fileID, func(r io.Reader) error { _, err := s.cfg.Blobs.Put(ctx, blobKey, r); return err })
}

// endAtError reads r until it ends or fails, and reports either as the
// end: the bytes before are good, and what failed is the client's body.
type endAtError struct{ r io.Reader }

func (e endAtError) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil {
		err = io.EOF
	}
	return n, err
}

// dropObject removes a staged object that no part records.
func (s *store) dropObject(ctx context.Context, key string) {
	if err := s.cfg.Blobs.Delete(context.WithoutCancel(ctx), key); err != nil {
		slogWarn("upload: removing an unrecorded staged part (the sweep will retry)", key, err)
	}
}
