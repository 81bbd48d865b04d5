package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/vault"
)

// sharedOffset returns the committed offset of up from Parts, completing
// an upload whose parts are all in but whose join was interrupted.
func (s *store) sharedOffset(ctx context.Context, up *Upload) (int64, error) {
	parts, err := s.cfg.Parts.List(ctx, up.ID)
	if err != nil {
		return 0, internalError(err)
	}
	end := partsEnd(parts)
	switch {
	case end == up.Size:
		return end, s.join(ctx, up, parts)
	case len(parts) == 0:
		return s.joinedOffset(ctx, up)
	}
	return end, nil
}

// joinedOffset answers for an upload without parts: the full size if its
// file is already in the blob store (joined earlier), else 0; an empty
// upload, which no PATCH will ever complete, is completed here.
func (s *store) joinedOffset(ctx context.Context, up *Upload) (int64, error) {
	obj, err := s.cfg.Blobs.Open(ctx, s.cfg.BlobKey(up.ID))
	switch {
	case err == nil:
		obj.Close()
		return up.Size, nil
	case !errors.Is(err, blob.ErrNotFound):
		return 0, internalError(err)
	case up.Size == 0:
		return 0, s.join(ctx, up, nil)
	}
	return 0, nil
}

// sharedCommit joins the parts of a fully arrived upload.
func (s *store) sharedCommit(ctx context.Context, up *Upload) error {
	parts, err := s.cfg.Parts.List(ctx, up.ID)
	if err != nil {
		return internalError(err)
	}
	if partsEnd(parts) != up.Size {
		return internalError(fmt.Errorf("upload %s: parts end at %d, size %d", up.ID, partsEnd(parts), up.Size))
	}
	return s.join(ctx, up, parts)
}

// join writes the recording's file from the parts (each decrypted,
// checked against its recorded length and hash, and sealed again as one
// vault file), tells Hooks.Finished, then removes the parts. Every step is
// safe to repeat: a crash before Finished leaves the parts, and the next
// HEAD or PATCH joins again; one after it leaves parts the next request
// (or the sweep) removes.
func (s *store) join(ctx context.Context, up *Upload, parts []Part) error {
	ctx = context.WithoutCancel(ctx)
	key := s.cfg.BlobKey(up.ID)
	err := s.compose(ctx, up, parts, key)
	if errors.Is(err, errNotComposable) {
		err = s.readJoin(ctx, up, parts, key)
	}
	if err != nil {
		_ = s.cfg.Blobs.Delete(ctx, key)
		return storageError(fmt.Errorf("joining the parts of %s: %w", up.ID, err), up.Size)
	}
	if err := s.cfg.Hooks.Finished(ctx, up.ID, key, up.Size); err != nil {
		return internalError(fmt.Errorf("finished hook: %w", err))
	}
	s.dropParts(ctx, up.ID, parts)
	return nil
}

// errNotComposable: the parts are joined by reading them back.
var errNotComposable = errors.New("upload: parts not joinable on the blob store")

// compose joins parts that are all slices of the recording's file
// (stageSlice) on the blob store itself, when it can (S3: server-side
// copies), so not a byte is read back; then opens the result, which checks
// its header and final chunk (every chunk is checked again when it is
// read: bound to its place and to the recording). A store that cannot, or
// parts too small for it, give errNotComposable; so does a service that
// refuses the copies (logged), which leaves the reading join to do it.
func (s *store) compose(ctx context.Context, up *Upload, parts []Part, key string) error {
	c, ok := s.cfg.Blobs.(blob.Composer)
	if !ok || len(parts) == 0 {
		return errNotComposable
	}
	keys := make([]string, len(parts))
	for i, p := range parts {
		if !isSlice(p) || (i < len(parts)-1 && p.Length < blob.MinComposePart) {
			return errNotComposable
		}
		keys[i] = p.Key
	}
	if err := c.Compose(ctx, key, keys); err != nil {
		slog.Warn("upload: joining the parts on the blob store failed; reading them back instead", "upload", up.ID, "error", err)
		return errNotComposable
	}
	obj, err := s.cfg.Blobs.Open(ctx, key)
	if err != nil {
		return err
	}
	defer obj.Close()
	rd, err := vault.NewReader(obj, obj.Size(), up.Key, up.ID)
	if err == nil && rd.Size() != up.Size {
		err = fmt.Errorf("joined %d bytes, want %d", rd.Size(), up.Size)
	}
	return err
}

// readJoin reads the parts back and seals them again as one file.
func (s *store) readJoin(ctx context.Context, up *Upload, parts []Part, key string) error {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(s.readParts(ctx, up, parts, pw)) }()
	length, err := s.putSealed(ctx, key, up.Key, up.ID, pr)
	pr.Close()
	if err == nil && length != up.Size {
		err = fmt.Errorf("joined %d bytes, want %d", length, up.Size)
	}
	return err
}

// readParts writes the plaintext of parts, in order, to w.
func (s *store) readParts(ctx context.Context, up *Upload, parts []Part, w io.Writer) error {
	for _, p := range parts {
		if err := s.readPart(ctx, up, p, w); err != nil {
			return err
		}
	}
	return nil
}

func (s *store) readPart(ctx context.Context, up *Upload, p Part, w io.Writer) error {
	obj, err := s.cfg.Blobs.Open(ctx, p.Key)
	if err != nil {
		return fmt.Errorf("part at %d: %w", p.Start, err)
	}
	defer obj.Close()
	ahead, err := openPart(obj, up, p)
	if err != nil {
		return fmt.Errorf("part at %d: %w", p.Start, err)
	}
	defer ahead.Close()
	src := io.Reader(ahead)
	if isSlice(p) { // the file it is a slice of goes on after it
		src = io.LimitReader(ahead, p.Length)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), src)
	switch {
	case err != nil:
		return fmt.Errorf("part at %d: %w", p.Start, err)
	case n != p.Length || hex.EncodeToString(h.Sum(nil)) != p.SHA256:
		return fmt.Errorf("part at %d: %d bytes that do not match the recorded length %d or hash", p.Start, n, p.Length)
	}
	return nil
}

// openPart reads a part's plaintext: a part of its own whole, a slice
// from its start to its end in the recording's file.
func openPart(obj blob.Object, up *Upload, p Part) (*vault.AheadReader, error) {
	if !isSlice(p) {
		rd, err := vault.NewReader(obj, obj.Size(), up.Key, partFileID(up.ID, p.Start))
		if err != nil {
			return nil, err
		}
		return rd.ReadAhead(4 << 20), nil
	}
	rd, err := vault.OpenSlice(obj, up.Key, up.ID, p.Start, up.Size)
	if err != nil {
		return nil, err
	}
	ahead := rd.ReadAhead(4 << 20)
	ahead.Within(p.Start + p.Length)
	if _, err := ahead.Seek(p.Start, io.SeekStart); err != nil {
		ahead.Close()
		return nil, err
	}
	return ahead, nil
}

// dropParts removes the objects and records of joined parts.
func (s *store) dropParts(ctx context.Context, id string, parts []Part) {
	for _, p := range parts {
		s.dropObject(ctx, p.Key)
	}
	if err := s.cfg.Parts.Delete(ctx, id); err != nil {
		slog.Warn("upload: forgetting joined parts (the next request or the sweep retries)", "upload", id, "error", err)
	}
}

func slogWarn(msg, key string, err error) { slog.Warn(msg, "key", key, "error", err) }
