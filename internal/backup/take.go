package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Source is the running attune a backup is taken from.
type Source struct {
	DB      *store.DB
	Blobs   blob.Store
	Keys    *vault.KeyRing
	Scratch string // a private folder for SQLite's plaintext copy while it is encrypted
}

// snapshot is what the backup's instant of the database holds.
type snapshot struct {
	files   []*domain.StoredFile
	counts  map[string]int64
	version int64
}

// Take writes a backup of src into dir, which must be empty or new. The
// database is copied at one instant while writers carry on; then every file
// that instant refers to is copied, hashed and test-decrypted.
func Take(ctx context.Context, src Source, dir string) (*Manifest, error) {
	if err := emptyFolder(dir); err != nil {
		return nil, err
	}
	m := &Manifest{Format: formatVersion, CreatedAt: time.Now().UTC(), Dialect: string(src.DB.Dialect())}
	var snap snapshot
	var err error
	if src.DB.Dialect() == store.SQLite {
		snap, err = takeSQLite(ctx, src, dir, m)
	} else {
		snap, err = takeExport(ctx, src, dir, m)
	}
	if err != nil {
		return nil, err
	}
	m.Counts, m.SchemaVersion = snap.counts, snap.version
	if m.Files, err = copyFiles(ctx, src, dir, snap.files); err != nil {
		return nil, err
	}
	return m, writeManifest(dir, m, src.Keys)
}

// emptyFolder creates dir, or accepts it if it exists with nothing in it.
func emptyFolder(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the backup folder %s: %w", dir, err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return fmt.Errorf("the backup folder %s is not empty; give a new or empty folder for each backup", dir)
	}
	return os.Mkdir(filepath.Join(dir, FilesDir), 0o700)
}

// takeSQLite copies the database with VACUUM INTO, reads the copy for the
// file list and counts, and encrypts it into the backup.
func takeSQLite(ctx context.Context, src Source, dir string, m *Manifest) (snapshot, error) {
	if err := os.MkdirAll(src.Scratch, 0o700); err != nil {
		return snapshot{}, err
	}
	tmp, err := os.MkdirTemp(src.Scratch, "backup-")
	if err != nil {
		return snapshot{}, err
	}
	defer os.RemoveAll(tmp)
	plain := filepath.Join(tmp, "attune.db")
	if err := src.DB.VacuumInto(ctx, plain); err != nil {
		return snapshot{}, err
	}
	snap, err := readSnapshot(ctx, plain)
	if err != nil {
		return snapshot{}, err
	}
	f, err := os.Open(plain)
	if err != nil {
		return snapshot{}, err
	}
	defer f.Close()
	m.Database, err = encryptPart(dir, src.Keys, func(w io.Writer) error { _, err := io.Copy(w, f); return err })
	return snap, err
}

// readSnapshot opens the SQLite copy and reads its files, counts and version.
func readSnapshot(ctx context.Context, path string) (snapshot, error) {
	db, err := store.Open(ctx, path, nil)
	if err != nil {
		return snapshot{}, fmt.Errorf("open the database copy: %w", err)
	}
	defer db.Close()
	var s snapshot
	err = db.View(ctx, func(tx *store.Tx) error { return s.read(ctx, tx) })
	return s, err
}

func (s *snapshot) read(ctx context.Context, tx *store.Tx) error {
	var err error
	if s.files, err = tx.AllFiles(ctx); err != nil {
		return err
	}
	if s.counts, err = tx.TableCounts(ctx); err != nil {
		return err
	}
	s.version, err = tx.SchemaVersion(ctx)
	return err
}

// takeExport exports every table inside one REPEATABLE READ transaction.
func takeExport(ctx context.Context, src Source, dir string, m *Manifest) (snapshot, error) {
	var s snapshot
	err := src.DB.Snapshot(ctx, func(tx *store.Tx) error {
		if err := s.read(ctx, tx); err != nil {
			return err
		}
		var err error
		m.Database, err = encryptPart(dir, src.Keys, func(w io.Writer) error {
			rw := &rowWriter{w: bufioWriter(w)}
			if err := tx.ExportTables(ctx, rw); err != nil {
				return err
			}
			return rw.w.Flush()
		})
		return err
	})
	return s, err
}

// encryptPart writes the database copy under a fresh key wrapped by the ring.
func encryptPart(dir string, keys *vault.KeyRing, write func(io.Writer) error) (Part, error) {
	fk := vault.NewFileKey()
	wrapped, err := keys.Wrap(fk)
	if err != nil {
		return Part{}, err
	}
	f, err := os.OpenFile(filepath.Join(dir, DatabaseName), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return Part{}, err
	}
	defer f.Close()
	d := vault.NewDigest()
	cw := &countWriter{w: io.MultiWriter(f, d)}
	enc := vault.NewWriter(cw, fk, databaseFileID)
	if err := write(enc); err != nil {
		return Part{}, fmt.Errorf("write the database copy: %w", err)
	}
	if err := errors.Join(enc.Close(), f.Sync()); err != nil {
		return Part{}, fmt.Errorf("write the database copy: %w", err)
	}
	return Part{Name: DatabaseName, Size: cw.n, SHA256: d.Hex(), WrappedKey: wrapped}, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
