package films

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// File is an opened, decrypting view of a film's stored file; it reads only
// the chunks a request touches, so it serves HTTP Range requests.
type File struct {
	*vault.Reader
	Info   *domain.FilmFile
	Film   *domain.Film
	closer io.Closer
}

// Close releases the underlying object.
func (f *File) Close() error { return f.closer.Close() }

// blobKey is where a film file's encrypted bytes live.
func blobKey(filmID, fileID string) string { return "film/" + filmID + "/" + fileID }

// Store encrypts the file at path under a fresh key and records it as a
// film file: the rendered video (replacing the one before) or a segment.
// The row is committed only after the bytes are safe.
func Store(ctx context.Context, db *store.DB, keys *vault.KeyRing, blobs blob.Store, filmID, kind, hash, path string) (*domain.FilmFile, error) {
	src, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	f := &domain.FilmFile{ID: auth.NewID(), FilmID: filmID, Kind: kind, Hash: hash}
	f.BlobKey = blobKey(filmID, f.ID)
	if f.Size, f.WrappedKey, err = put(ctx, keys, blobs, f.BlobKey, f.ID, src); err != nil {
		return nil, fmt.Errorf("store the %s of film %s: %w", kind, filmID, err)
	}
	var old []*domain.FilmFile
	err = db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.FilmByID(ctx, filmID); err != nil {
			return err
		}
		if kind == domain.FilmFileVideo {
			if old, err = tx.FilmFiles(ctx, filmID, kind); err != nil {
				return err
			}
			for _, o := range old {
				if err := tx.DeleteFilmFile(ctx, o.ID); err != nil {
					return err
				}
			}
		}
		return tx.AddFilmFile(ctx, f)
	})
	if err != nil {
		blobs.Delete(context.WithoutCancel(ctx), f.BlobKey)
		return nil, err
	}
	for _, o := range old {
		blobs.Delete(context.WithoutCancel(ctx), o.BlobKey)
	}
	return f, nil
}

func put(ctx context.Context, keys *vault.KeyRing, blobs blob.Store, key, fileID string, src io.Reader) (int64, []byte, error) {
	fk := vault.NewFileKey()
	wrapped, err := keys.Wrap(fk)
	if err != nil {
		return 0, nil, err
	}
	pr, pw := io.Pipe()
	size := make(chan int64, 1)
	go func() {
		w := vault.NewWriter(pw, fk, fileID)
		n, err := io.Copy(w, src)
		if err == nil {
			err = w.Close()
		}
		size <- n
		pw.CloseWithError(err)
	}()
	_, err = blobs.Put(ctx, key, pr)
	pr.CloseWithError(io.ErrClosedPipe)
	n := <-size
	if err != nil {
		return 0, nil, err
	}
	return n, wrapped, nil
}

// Open decrypts a film file by its row, with no access check: for the
// system's own work and for callers that have checked access.
func Open(ctx context.Context, keys *vault.KeyRing, blobs blob.Store, info *domain.FilmFile) (*File, error) {
	key, err := keys.Unwrap(info.WrappedKey)
	if err != nil {
		return nil, err
	}
	obj, err := blobs.Open(ctx, info.BlobKey)
	if err != nil {
		return nil, err
	}
	rd, err := vault.NewReader(obj, obj.Size(), key, info.ID)
	if err != nil {
		obj.Close()
		return nil, err
	}
	return &File{Reader: rd, Info: info, closer: obj}, nil
}

// Decrypt writes a film file, decrypted, to path (created 0600).
func Decrypt(ctx context.Context, keys *vault.KeyRing, blobs blob.Store, info *domain.FilmFile, path string) error {
	src, err := Open(ctx, keys, blobs, info)
	if err != nil {
		return err
	}
	defer src.Close()
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, io.NewSectionReader(src, 0, src.Size()))
	if e := out.Close(); err == nil {
		err = e
	}
	return err
}
