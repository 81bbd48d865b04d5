package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash"
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
		ps, err := s.stagePart(ctx, up, offset+written, body)
		if err != nil || len(ps) == 0 {
			return written, err
		}
		n := ps[len(ps)-1].Start + ps[len(ps)-1].Length - ps[0].Start
		if offset+written+n == up.Size && oversized(ctx, src) { // src itself: one byte past the size
			s.dropObjects(ctx, ps)
			return written, nil
		}
		for i, p := range ps {
			if err := s.cfg.Parts.Add(context.WithoutCancel(ctx), up.ID, p); err != nil {
				s.dropObjects(ctx, ps[i:])
				return written, partError(err)
			}
			written += p.Length
		}
		s.cfg.Hooks.Progress(ctx, up.ID, offset+written, up.Size)
		if n < partMax {
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

// stagePart seals up to partMax bytes of src into new objects, not yet
// part of the upload (each is complete when stagePart returns: Put is
// atomic); none means src had nothing more. From a chunk boundary the
// bytes are sealed in place as a slice of the recording's file, and what
// ends inside a chunk (a body cut short) as a part of its own after it;
// from anywhere else, as one part of its own.
func (s *store) stagePart(ctx context.Context, up *Upload, start int64, src io.Reader) ([]Part, error) {
	bp := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(bp)
	n, _ := io.ReadFull(src, *bp)
	if n == 0 {
		return nil, nil
	}
	body := io.MultiReader(bytes.NewReader((*bp)[:n]), io.LimitReader(src, partMax-int64(n)))
	if start%vault.ChunkSize != 0 || (n < len(*bp) && n < vault.ChunkSize && start+int64(n) < up.Size) {
		p, err := s.stageOwn(ctx, up, start, body)
		return []Part{p}, err
	}
	slice, rest, err := s.stageSlice(ctx, up, start, body)
	if err != nil || len(rest) == 0 {
		return []Part{slice}, err
	}
	own, err := s.stageOwn(ctx, up, slice.Start+slice.Length, bytes.NewReader(rest))
	if err != nil {
		s.dropObject(ctx, slice.Key)
		return nil, err
	}
	if slice.Length == 0 {
		s.dropObject(ctx, slice.Key)
		return []Part{own}, nil
	}
	return []Part{slice, own}, nil
}

// stageOwn seals src as a part of its own (a vault file under partFileID).
func (s *store) stageOwn(ctx context.Context, up *Upload, start int64, src io.Reader) (Part, error) {
	p := Part{Start: start, Created: time.Now().UTC()}
	p.Key = partKey(up.ID, start, p.Created)
	h := sha256.New()
	length, err := s.putSealed(context.WithoutCancel(ctx), p.Key, up.Key, partFileID(up.ID, start), io.TeeReader(src, h))
	if err != nil {
		return Part{}, storageError(err, start)
	}
	p.Length, p.SHA256 = length, hex.EncodeToString(h.Sum(nil))
	return p, nil
}

// stageSlice seals src in place from start (a chunk boundary) and returns
// the part and the bytes after its last whole chunk that are not in it.
func (s *store) stageSlice(ctx context.Context, up *Upload, start int64, src io.Reader) (Part, []byte, error) {
	p := Part{Start: start, Created: time.Now().UTC()}
	p.Key = sliceKey(up.ID, start, p.Created)
	pr, pw := io.Pipe()
	w, err := vault.NewSliceWriter(pw, up.Key, up.ID, start, up.Size)
	if err != nil {
		return Part{}, nil, internalError(err)
	}
	h := &chunkHash{h: sha256.New()}
	var rest []byte
	go func() {
		_, err := io.Copy(io.MultiWriter(w, h), endAtError{src})
		if err == nil {
			rest, err = w.Close()
		}
		pw.CloseWithError(err)
	}()
	_, err = s.cfg.Blobs.Put(context.WithoutCancel(ctx), p.Key, pr)
	pr.CloseWithError(io.ErrClosedPipe)
	if err != nil {
		return Part{}, nil, storageError(err, start)
	}
	p.Length, p.SHA256 = w.End()-start, h.sum(len(rest))
	return p, rest, nil
}

// chunkHash is the SHA-256 of what was written but its last n bytes (a
// slice's bytes without the incomplete chunk it leaves out): it holds back
// the bytes of the chunk being filled.
type chunkHash struct {
	h       hash.Hash
	pending []byte
}

func (c *chunkHash) Write(p []byte) (int, error) {
	c.pending = append(c.pending, p...)
	if whole := len(c.pending) / vault.ChunkSize * vault.ChunkSize; whole > 0 {
		c.h.Write(c.pending[:whole])
		c.pending = append(c.pending[:0], c.pending[whole:]...)
	}
	return len(p), nil
}

func (c *chunkHash) sum(leftOut int) string {
	c.h.Write(c.pending[:len(c.pending)-leftOut])
	return hex.EncodeToString(c.h.Sum(nil))
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

// dropObjects removes staged objects that no part records.
func (s *store) dropObjects(ctx context.Context, ps []Part) {
	for _, p := range ps {
		s.dropObject(ctx, p.Key)
	}
}

// dropObject removes a staged object that no part records.
func (s *store) dropObject(ctx context.Context, key string) {
	if err := s.cfg.Blobs.Delete(context.WithoutCancel(ctx), key); err != nil {
		slogWarn("upload: removing an unrecorded staged part (the sweep will retry)", key, err)
	}
}
