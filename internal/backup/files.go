package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/vault"
)

// copyFiles copies each stored file's encrypted bytes into dir/files, then
// decrypts the copy to prove it whole and to hash its content.
func copyFiles(ctx context.Context, src Source, dir string, files []*domain.StoredFile) ([]File, error) {
	out := make([]File, 0, len(files))
	for _, f := range files {
		e, err := copyFile(ctx, src, dir, f)
		if err != nil {
			return nil, fmt.Errorf("file %s (%s): %w", f.ID, f.BlobKey, err)
		}
		out = append(out, e)
	}
	return out, nil
}

func copyFile(ctx context.Context, src Source, dir string, f *domain.StoredFile) (File, error) {
	obj, err := src.Blobs.Open(ctx, f.BlobKey)
	if errors.Is(err, blob.ErrNotFound) {
		return File{}, errors.New("it was deleted while the backup ran; take the backup again")
	}
	if err != nil {
		return File{}, err
	}
	defer obj.Close()
	path := filePath(dir, f.BlobKey)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return File{}, err
	}
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if err != nil {
		return File{}, err
	}
	defer out.Close()
	d := vault.NewDigest()
	n, err := io.Copy(io.MultiWriter(out, d), io.NewSectionReader(obj, 0, obj.Size()))
	if err == nil {
		err = out.Sync()
	}
	if err != nil {
		return File{}, err
	}
	plain, err := plainDigest(src.Keys, out, n, f.ID, f.WrappedKey)
	if err != nil {
		return File{}, err
	}
	return File{ID: f.ID, BlobKey: f.BlobKey, Size: n, SHA256: d.Hex(), PlainSHA256: plain}, nil
}

// plainDigest decrypts an encrypted file and hashes its content.
func plainDigest(keys *vault.KeyRing, src io.ReaderAt, size int64, fileID string, wrapped []byte) (string, error) {
	fk, err := keys.Unwrap(wrapped)
	if err != nil {
		return "", err
	}
	r, err := vault.NewReader(src, size, fk, fileID)
	if err != nil {
		return "", err
	}
	d := vault.NewDigest()
	if _, err := io.Copy(d, r); err != nil {
		return "", fmt.Errorf("does not decrypt: %w", err)
	}
	return d.Hex(), nil
}

// filePath is where a blob's copy lives in a backup (keys are server-made
// and checked by blob.CheckKey, so they are safe relative paths).
func filePath(dir, key string) string {
	return filepath.Join(dir, FilesDir, filepath.FromSlash(key))
}
