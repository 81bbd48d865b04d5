package backup

import (
	"context"
	"fmt"
	"io"

	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// Check compares a restored attune with the backup's manifest: the row
// counts of the backup's instant, and every file present, byte-identical,
// decrypting with its restored key to the content that was backed up.
// Erased files (see Reapply) are left out, and with them the counts.
func Check(ctx context.Context, m *Manifest, db *store.DB, blobs blob.Store, keys *vault.KeyRing, erased map[string]bool) error {
	m = m.without(erased)
	var counts map[string]int64
	var files []*domain.StoredFile
	err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		if counts, err = tx.TableCounts(ctx); err != nil {
			return err
		}
		files, err = tx.AllFiles(ctx)
		return err
	})
	if err != nil {
		return err
	}
	for table, want := range m.Counts {
		if counts[table] != want {
			return fmt.Errorf("table %s has %d rows, the backup %d", table, counts[table], want)
		}
	}
	if len(files) != len(m.Files) {
		return fmt.Errorf("the database lists %d files, the backup %d", len(files), len(m.Files))
	}
	byID := make(map[string]*domain.StoredFile, len(files))
	for _, f := range files {
		byID[f.ID] = f
	}
	for _, e := range m.Files {
		if err := checkFile(ctx, e, byID[e.ID], blobs, keys); err != nil {
			return fmt.Errorf("file %s: %w", e.ID, err)
		}
	}
	return nil
}

func checkFile(ctx context.Context, e File, f *domain.StoredFile, blobs blob.Store, keys *vault.KeyRing) error {
	if f == nil || f.BlobKey != e.BlobKey {
		return fmt.Errorf("not listed in the restored database")
	}
	obj, err := blobs.Open(ctx, f.BlobKey)
	if err != nil {
		return err
	}
	defer obj.Close()
	d := vault.NewDigest()
	if _, err := io.Copy(d, io.NewSectionReader(obj, 0, obj.Size())); err != nil {
		return err
	}
	if d.Hex() != e.SHA256 {
		return fmt.Errorf("restored bytes differ from the backup")
	}
	plain, err := plainDigest(keys, obj, obj.Size(), f.ID, f.WrappedKey)
	if err != nil {
		return err
	}
	if plain != e.PlainSHA256 {
		return fmt.Errorf("decrypted content differs from what was backed up")
	}
	return nil
}
