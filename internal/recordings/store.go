package recordings

import (
	"context"
	"io"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// StoreFile encrypts r under a fresh file key into the blob store, then
// records the file (and its wrapped key) in the database, replacing any
// earlier file of the same kind. The row is written only after the bytes are
// safely stored.
func (s *Service) StoreFile(ctx context.Context, recordingID, kind, contentType string, r io.Reader) (*domain.StoredFile, error) {
	key := vault.NewFileKey()
	wrapped, err := s.Keys.Wrap(key)
	if err != nil {
		return nil, err
	}
	f := &domain.StoredFile{ID: auth.NewID(), RecordingID: recordingID, Kind: kind, WrappedKey: wrapped, ContentType: contentType}
	f.BlobKey = BlobKey(recordingID, f.ID)
	pr, pw := io.Pipe()
	counter := &countingReader{r: r}
	go func() {
		w := vault.NewWriter(pw, key, f.ID)
		_, err := io.Copy(w, counter)
		if err == nil {
			err = w.Close()
		}
		pw.CloseWithError(err)
	}()
	if _, err := s.Blobs.Put(ctx, f.BlobKey, pr); err != nil {
		pr.CloseWithError(err)
		return nil, err
	}
	f.Size = counter.n
	var old []*domain.StoredFile
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		all, err := tx.RecordingFiles(ctx, recordingID)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.Kind == kind {
				old = append(old, o)
				if err := tx.DeleteFile(ctx, o.ID); err != nil {
					return err
				}
			}
		}
		return tx.AddFile(ctx, f)
	})
	if err != nil {
		s.Blobs.Delete(ctx, f.BlobKey)
		return nil, err
	}
	for _, o := range old {
		s.Blobs.Delete(ctx, o.BlobKey)
	}
	return f, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
