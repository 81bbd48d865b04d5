package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/durable"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Verify reads a backup's manifest, checks its signature with keys, and
// checks the hash of every part in the folder.
func Verify(dir string, keys *vault.KeyRing) (*Manifest, error) {
	m, err := ReadManifest(dir, keys)
	if err != nil {
		return nil, err
	}
	if err := checkHash(filepath.Join(dir, m.Database.Name), m.Database.SHA256); err != nil {
		return nil, fmt.Errorf("the database copy: %w", err)
	}
	for _, f := range m.Files {
		if err := checkHash(filePath(dir, f.BlobKey), f.SHA256); err != nil {
			return nil, fmt.Errorf("file %s: %w", f.ID, err)
		}
	}
	return m, nil
}

func checkHash(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("missing from the backup: %w", err)
	}
	defer f.Close()
	d := vault.NewDigest()
	if _, err := io.Copy(d, f); err != nil {
		return err
	}
	if d.Hex() != want {
		return errors.New("its bytes do not match the manifest's hash (damaged or changed since the backup)")
	}
	return nil
}

// RestoreSQLiteFile decrypts the backup's SQLite database to path. A database
// already at path is refused if it holds any account, case or audit entry;
// an empty one (left by a first start) is replaced.
func RestoreSQLiteFile(ctx context.Context, dir string, m *Manifest, keys *vault.KeyRing, path string) error {
	if m.Dialect != string(store.SQLite) {
		return fmt.Errorf("this backup is of a %s database; restore it with --database-url pointing at an empty %s database", m.Dialect, m.Dialect)
	}
	if err := clearEmptySQLite(ctx, path); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".restoring"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	err = decryptPart(dir, m, keys, out)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("decrypt the database copy: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return durable.SyncDir(filepath.Dir(path))
}

// clearEmptySQLite refuses a database holding data, and removes one without.
func clearEmptySQLite(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	db, err := store.Open(ctx, path, nil)
	if err != nil {
		return fmt.Errorf("there is already a database at %s that cannot be opened (%v); restore into an empty data folder", path, err)
	}
	var holds bool
	err = db.View(ctx, func(tx *store.Tx) error { holds, err = tx.HoldsData(ctx); return err })
	db.Close()
	if err != nil {
		return err
	}
	if holds {
		return fmt.Errorf("the database %s already holds accounts, cases or audit entries; restore only goes into an empty data folder (move this one aside first)", path)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// decryptPart writes the decrypted database copy to w.
func decryptPart(dir string, m *Manifest, keys *vault.KeyRing, w io.Writer) error {
	f, err := os.Open(filepath.Join(dir, m.Database.Name))
	if err != nil {
		return err
	}
	defer f.Close()
	fk, err := keys.Unwrap(m.Database.WrappedKey)
	if err != nil {
		return err
	}
	r, err := vault.NewReader(f, m.Database.Size, fk, databaseFileID)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// RestoreRows imports a PostgreSQL export into db, which must hold no data
// and be at the backup's schema version. It is one transaction: a failure
// leaves the database as it was.
func RestoreRows(ctx context.Context, dir string, m *Manifest, keys *vault.KeyRing, db *store.DB) error {
	if m.Dialect != string(store.Postgres) || db.Dialect() != store.Postgres {
		return fmt.Errorf("this backup is of a %s database and cannot be imported into %s; restore it into the same kind of database", m.Dialect, db.Dialect())
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(decryptPart(dir, m, keys, pw)) }()
	defer pr.Close()
	return db.Update(ctx, func(tx *store.Tx) error {
		if err := checkEmptyDB(ctx, tx, m); err != nil {
			return err
		}
		if err := tx.ClearTables(ctx); err != nil {
			return err
		}
		var cur tableHeader
		return readRows(pr, func(h tableHeader) error { cur = h; return nil }, func(vals []any) error {
			return tx.ImportRow(ctx, cur.Table, cur.Columns, vals)
		})
	})
}

func checkEmptyDB(ctx context.Context, tx *store.Tx, m *Manifest) error {
	holds, err := tx.HoldsData(ctx)
	if err != nil {
		return err
	}
	if holds {
		return errors.New("the target database already holds accounts, cases or audit entries; restore only goes into an empty database (create a new one)")
	}
	v, err := tx.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if v != m.SchemaVersion {
		return fmt.Errorf("the backup is at database version %d and this attune at %d; restore with the attune version that made the backup, then upgrade", m.SchemaVersion, v)
	}
	return nil
}

// EnsureNoFiles refuses a file store that already holds objects.
func EnsureNoFiles(ctx context.Context, blobs blob.Store) error {
	keys, err := blobs.List(ctx, "")
	if err != nil {
		return err
	}
	if len(keys) > 0 {
		return fmt.Errorf("the file store already holds %d files; restore only goes into an empty file store", len(keys))
	}
	return nil
}

// RestoreFiles puts every file of the backup back into the file store,
// except the erased ones (see Reapply).
func RestoreFiles(ctx context.Context, dir string, m *Manifest, blobs blob.Store, erased map[string]bool) error {
	for _, f := range m.without(erased).Files {
		if err := putFile(ctx, dir, f, blobs); err != nil {
			return fmt.Errorf("restore file %s: %w", f.ID, err)
		}
	}
	return nil
}

func putFile(ctx context.Context, dir string, f File, blobs blob.Store) error {
	in, err := os.Open(filePath(dir, f.BlobKey))
	if err != nil {
		return err
	}
	defer in.Close()
	_, err = blobs.Put(ctx, f.BlobKey, in)
	return err
}
