package films

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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

// Files stores and erases a film's files: the database, the key ring, the
// blob store and the shred list (nil when the service keeps none).
type Files struct {
	DB     *store.DB
	Keys   *vault.KeyRing
	Blobs  blob.Store
	Shreds *vault.ShredList
}

// Store is Files.Store with no shred list.
func Store(ctx context.Context, db *store.DB, keys *vault.KeyRing, blobs blob.Store, filmID, kind, hash, path string) (*domain.FilmFile, error) {
	return Files{DB: db, Keys: keys, Blobs: blobs}.Store(ctx, filmID, kind, hash, path)
}

// Store encrypts the file at path under a fresh key and records it as a
// film file: the rendered video or a segment. A new video replaces the one
// before (and any older one), except the one released to the family: the
// replaced files' keys are shredded like a deleted film's, and their bytes
// deleted. The row is committed only after the bytes are safe.
func (fs Files) Store(ctx context.Context, filmID, kind, hash, path string) (*domain.FilmFile, error) {
	src, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	var caseID string
	err = fs.DB.View(ctx, func(tx *store.Tx) error {
		film, err := tx.FilmByID(ctx, filmID)
		if err == nil {
			caseID = film.CaseID
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	f := &domain.FilmFile{ID: auth.NewID(), FilmID: filmID, Kind: kind, Hash: hash}
	f.BlobKey = blobKey(filmID, f.ID)
	scope := vault.Scope{CaseID: caseID, Purpose: vault.PurposeFilms} // erased with the family's films
	if f.Size, f.WrappedKey, err = put(ctx, fs.Keys, scope, fs.Blobs, f.BlobKey, f.ID, src); err != nil {
		return nil, fmt.Errorf("store the %s of film %s: %w", kind, filmID, err)
	}
	var old []*domain.FilmFile
	err = fs.DB.Update(ctx, func(tx *store.Tx) error {
		film, err := tx.FilmByID(ctx, filmID)
		if err != nil {
			return err
		}
		if kind == domain.FilmFileVideo {
			if old, err = replacedVideos(ctx, tx, film); err != nil {
				return err
			}
			if err := fs.Drop(ctx, tx, old); err != nil {
				return err
			}
		}
		return tx.AddFilmFile(ctx, f)
	})
	if err != nil {
		fs.Blobs.Delete(context.WithoutCancel(ctx), f.BlobKey)
		return nil, err
	}
	fs.DeleteBytes(ctx, old)
	return f, nil
}

// replacedVideos are a film's rendered files a new render replaces: all
// but the one released to the family.
func replacedVideos(ctx context.Context, tx *store.Tx, f *domain.Film) ([]*domain.FilmFile, error) {
	videos, err := tx.FilmFiles(ctx, f.ID, domain.FilmFileVideo)
	if err != nil {
		return nil, err
	}
	var out []*domain.FilmFile
	for _, v := range videos {
		if f.ReleasedAt == nil || v.ID != f.ReleasedFile {
			out = append(out, v)
		}
	}
	return out, nil
}

// Drop removes film files' rows inside tx, their keys shredded first (so
// restoring an old backup cannot show them). Delete their bytes with
// DeleteBytes once tx has committed.
func (fs Files) Drop(ctx context.Context, tx *store.Tx, files []*domain.FilmFile) error {
	if err := shredKeys(fs.Keys, fs.Shreds, files); err != nil {
		return err
	}
	for _, f := range files {
		if err := tx.DeleteFilmFile(ctx, f.ID); err != nil {
			return err
		}
	}
	return nil
}

// DeleteBytes deletes dropped files' encrypted bytes; a failure leaves an
// unreadable orphan (its key is gone), logged.
func (fs Files) DeleteBytes(ctx context.Context, files []*domain.FilmFile) {
	for _, f := range files {
		if err := fs.Blobs.Delete(context.WithoutCancel(ctx), f.BlobKey); err != nil {
			slog.WarnContext(ctx, "deleting a film file's bytes failed; its key is gone, so they stay as an unreadable orphan", "blob", f.BlobKey, "err", err)
		}
	}
}

// shredKeys lists the files' keys on the shred list (none kept: nothing to do).
func shredKeys(keys *vault.KeyRing, shreds *vault.ShredList, files []*domain.FilmFile) error {
	if shreds == nil || len(files) == 0 {
		return nil
	}
	records := make([]string, 0, len(files))
	for _, ff := range files {
		rec, err := keys.KeyRecord(ff.WrappedKey)
		if errors.Is(err, vault.ErrErased) {
			continue // its case key is destroyed already: nothing left to list
		} else if err != nil {
			return err
		}
		records = append(records, rec)
	}
	return shreds.Add(records...)
}

func put(ctx context.Context, keys *vault.KeyRing, scope vault.Scope, blobs blob.Store, key, fileID string, src io.Reader) (int64, []byte, error) {
	fk := vault.NewFileKey()
	wrapped, err := keys.WrapFor(scope, fk)
	if err != nil {
		return 0, nil, err
	}
	n, err := vault.PutSealed(src, fk, fileID, func(r io.Reader) error { _, err := blobs.Put(ctx, key, r); return err })
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
	obj, err := blob.OpenWarm(ctx, blobs, info.BlobKey)
	if err != nil {
		return nil, err
	}
	rd, err := vault.OpenSource(obj, key, info.ID)
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

// SweepOrphans deletes the film's stored bytes that no file row names:
// left by a render killed between storing a part's bytes and recording
// them (they are unreadable: their key died with the process). Call it
// only while no other render of the film runs.
func (fs Files) SweepOrphans(ctx context.Context, filmID string) error {
	keys, err := fs.Blobs.List(ctx, blobKey(filmID, ""))
	if err != nil || len(keys) == 0 {
		return err
	}
	known := map[string]bool{}
	err = fs.DB.View(ctx, func(tx *store.Tx) error {
		files, err := tx.FilmFiles(ctx, filmID, "")
		for _, f := range files {
			known[f.BlobKey] = true
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if !known[k] {
			if err := fs.Blobs.Delete(ctx, k); err != nil {
				return fmt.Errorf("delete the orphaned bytes %s of film %s: %w", k, filmID, err)
			}
		}
	}
	return nil
}
