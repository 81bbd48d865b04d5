package app_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app"
	"github.com/attune-vig/attune/internal/backup"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// TestRestoredOldBackupCannotDecryptErasedFile: footage erased after a
// backup stays erased when that old backup is restored. The file keys are
// in the old backup's database, but the shred list beside the key file names
// them: the restore deletes their rows again and leaves their bytes out.
// Erasing the case's last footage destroyed its footage key (case-keys
// folder beside the key file), so the old copy's keys no longer unwrap.
func TestRestoredOldBackupCannotDecryptErasedFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newDrill(t, "")
	var files []*domain.StoredFile
	d.in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) { files, err = tx.RecordingFiles(ctx, d.rec.ID); return err })
	other, err := d.in.Deps.Cases.Create(ctx, d.owner, casework.Input{Reference: "ERASE-ME"})
	if err != nil {
		t.Fatal(err)
	}
	deleted := d.in.ReadyRecording(t, d.owner, d.rec.CaseID)
	dir := filepath.Join(t.TempDir(), "old")
	if _, err := app.TakeBackup(ctx, d.in.Deps, dir); err != nil {
		t.Fatal(err)
	}
	if err := d.in.Deps.Recordings.Delete(ctx, d.owner, deleted.ID); err != nil { // a guider deletes a film
		t.Fatal(err)
	}
	closeCase(t, d)
	svc := *d.in.Deps.Retention
	svc.Now = func() time.Time { return time.Now().AddDate(0, 0, 61) }
	if done, err := svc.Apply(ctx); err != nil || done.Recordings != 1 { // retention erases the other
		t.Fatalf("retention: %+v %v", done, err)
	}
	if err := svc.EraseFamily(ctx, d.owner, other.ID); err != nil {
		t.Fatal(err)
	}

	target := d.place(t, d.in.Deps.Cfg.MasterKeyFile)
	if out, code := cli(t, "restore", dir, "--data", target); code != 0 {
		t.Fatalf("restore of the old backup: %d %s", code, out)
	}
	r, err := app.OpenForTest(ctx, target, "", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.DB.View(ctx, func(tx *store.Tx) error {
		for _, id := range []string{d.rec.ID, deleted.ID} {
			if _, err := tx.RecordingByID(ctx, id); !store.IsNotFound(err) {
				t.Fatalf("an erased recording came back with the old backup: %v", err)
			}
		}
		if _, err := tx.CaseByID(ctx, other.ID); !store.IsNotFound(err) {
			t.Fatalf("the case erased on request came back with the old backup: %v", err)
		}
		return nil
	})
	if keys, _ := r.Blobs.List(ctx, "rec/"+d.rec.ID+"/"); len(keys) != 0 {
		t.Fatalf("the erased recording's bytes were restored: %v", keys)
	}
	for _, f := range files { // the keys as the old backup holds them
		enc, err := os.Open(filepath.Join(dir, backup.FilesDir, filepath.FromSlash(f.BlobKey)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Keys.Unwrap(f.WrappedKey)
		enc.Close()
		if !errors.Is(err, vault.ErrErased) { // the case's last footage went, and with it the case's footage key
			t.Fatalf("file %s from the old backup: unwrap gave %v, want ErrErased", f.Kind, err)
		}
	}
	if rep, err := r.Chain.Verify(ctx, r.DB); err != nil || !rep.Intact() {
		t.Fatalf("audit chain: %+v %v", rep, err)
	}
}

func closeCase(t *testing.T, d *drill) {
	ctx := context.Background()
	err := d.in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.CaseByID(ctx, d.rec.CaseID)
		if err != nil {
			return err
		}
		now := time.Now()
		c.Status, c.ClosedAt = "closed", &now
		return tx.UpdateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
}
