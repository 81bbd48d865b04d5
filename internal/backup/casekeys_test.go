package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/blob"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/retention"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

// caseKeyed is an attune whose file keys are wrapped with case keys.
type caseKeyed struct {
	db      *store.DB
	blobs   blob.Store
	keys    *vault.KeyRing
	keyFile string
	shreds  *vault.ShredList
}

func newCaseKeyed(t *testing.T, db *store.DB) *caseKeyed {
	dir := t.TempDir()
	c := &caseKeyed{db: db, keyFile: filepath.Join(dir, "master.key")}
	var err error
	if c.keys, _, err = vault.LoadOrCreateKeyFile(c.keyFile); err != nil {
		t.Fatal(err)
	}
	ck, err := vault.OpenCaseKeys(filepath.Join(dir, "case-keys"))
	if err != nil {
		t.Fatal(err)
	}
	c.keys.UseCaseKeys(ck)
	if c.shreds, err = vault.OpenShredList(c.keyFile + ".shredded"); err != nil {
		t.Fatal(err)
	}
	c.keys.UseShredList(c.shreds)
	db.SealFields(c.keys)
	if c.blobs, err = blob.NewLocal(t.TempDir(), 0); err != nil {
		t.Fatal(err)
	}
	return c
}

// addCase stores a case with one recording and one footage file whose
// content names the case.
func (c *caseKeyed) addCase(t *testing.T, caseID string) {
	ctx := context.Background()
	fk := vault.NewFileKey()
	wrapped, err := c.keys.WrapFor(vault.Scope{CaseID: caseID, Purpose: vault.PurposeFootage}, fk)
	if err != nil {
		t.Fatal(err)
	}
	fileID, recID := "f-"+caseID, "r-"+caseID
	var enc bytes.Buffer
	w := vault.NewWriter(&enc, fk, fileID)
	w.Write([]byte(strings.Repeat("footage of "+caseID, 300)))
	w.Close()
	if _, err := c.blobs.Put(ctx, "rec/"+recID+"/"+fileID, &enc); err != nil {
		t.Fatal(err)
	}
	err = c.db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.UserByID(ctx, "u1"); store.IsNotFound(err) {
			if err := tx.CreateUser(ctx, &domain.User{ID: "u1", Email: "u@example.org", Name: "U", Role: domain.RoleAdmin}); err != nil {
				return err
			}
		}
		if err := tx.CreateCase(ctx, &domain.Case{ID: caseID, OwnerID: "u1", Reference: "R-" + caseID, Status: "open",
			Participants: []domain.Participant{{ID: "p-" + caseID, Role: "adult", Name: "Parent of " + caseID}}}); err != nil {
			return err
		}
		if err := tx.CreateRecording(ctx, &domain.Recording{ID: recID, CaseID: caseID, UploaderID: "u1", Filename: "a.mp4", Status: domain.RecordingReady}); err != nil {
			return err
		}
		return tx.AddFile(ctx, &domain.StoredFile{ID: fileID, RecordingID: recID, Kind: domain.FilePoster,
			BlobKey: "rec/" + recID + "/" + fileID, WrappedKey: wrapped, Size: int64(enc.Len())})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRestoredOldBackupCannotDecryptErasedCase: a backup taken before a
// family's erasure, restored afterwards with the current case key folder,
// cannot decrypt the erased case's file ("erased"), while the other case's
// file restores and decrypts. The shred list plays no part: the erasure
// destroyed the case key. Both databases.
func TestRestoredOldBackupCannotDecryptErasedCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCaseKeyed(t, db)
		c.addCase(t, "keep")
		c.addCase(t, "gone")
		dir := t.TempDir()
		m, err := Take(ctx, Source{DB: db, Blobs: c.blobs, Keys: c.keys, Scratch: t.TempDir()}, dir) // T0
		if err != nil {
			t.Fatal(err)
		}
		svc := &retention.Service{DB: db, Recordings: &recordings.Service{DB: db, Keys: c.keys, Blobs: c.blobs}} // no shred list
		admin := accounts.Actor{User: &domain.User{ID: "u1", Role: domain.RoleAdmin}}
		if err := svc.EraseFamily(ctx, admin, "gone"); err != nil { // T1
			t.Fatal(err)
		}

		restored := restoreInto(t, dir, m, c.keys, db.Dialect())
		var gone, kept *domain.StoredFile
		restored.View(ctx, func(tx *store.Tx) error {
			if fs, _ := tx.RecordingFiles(ctx, "r-gone"); len(fs) == 1 {
				gone = fs[0]
			}
			if fs, _ := tx.RecordingFiles(ctx, "r-keep"); len(fs) == 1 {
				kept = fs[0]
			}
			return nil
		})
		if gone == nil || kept == nil {
			t.Fatal("the old backup should still hold both files' rows")
		}
		if _, err := c.keys.Unwrap(gone.WrappedKey); !errors.Is(err, vault.ErrErased) || !strings.Contains(err.Error(), "erased") {
			t.Fatalf("the erased case's file from the old backup: %v, want an error saying erased", err)
		}
		restored.SealFields(c.keys)
		restored.View(ctx, func(tx *store.Tx) error {
			if _, err := tx.CaseByID(ctx, "gone"); !errors.Is(err, vault.ErrErased) {
				t.Fatalf("the erased family's names from the old backup: %v, want ErrErased", err)
			}
			if k, err := tx.CaseByID(ctx, "keep"); err != nil || k.Participants[0].Name != "Parent of keep" {
				t.Fatalf("the other family from the old backup: %+v %v", k, err)
			}
			return nil
		})
		erased, err := Reapply(ctx, restored, c.keys, c.shreds)
		if err != nil || !erased["f-gone"] || erased["f-keep"] {
			t.Fatalf("reapply: %v %v", erased, err)
		}
		restored.View(ctx, func(tx *store.Tx) error {
			if _, err := tx.CaseByID(ctx, "gone"); !store.IsNotFound(err) {
				t.Errorf("the erased family's case after re-applying erasures: %v, want it gone", err)
			}
			return nil
		})
		fresh, _ := blob.NewLocal(t.TempDir(), 0)
		if err := RestoreFiles(ctx, dir, m, fresh, erased); err != nil {
			t.Fatal(err)
		}
		if err := Check(ctx, m, restored, fresh, c.keys, erased); err != nil {
			t.Fatalf("the other case does not restore whole: %v", err)
		}
	})
}

// restoreInto restores a backup into a new, empty database of the dialect.
func restoreInto(t *testing.T, dir string, m *Manifest, keys *vault.KeyRing, d store.Dialect) *store.DB {
	ctx := context.Background()
	if d == store.SQLite {
		path := filepath.Join(t.TempDir(), "attune.db")
		if err := RestoreSQLiteFile(ctx, dir, m, keys, path); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, path, storetest.Chain.Seal)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db := storetest.Postgres(t)
	if err := RestoreRows(ctx, dir, m, keys, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestDatabaseAndMasterKeyCannotOpenErasedFile: with a copy of the database
// file and the master key file, outside attune's services, the wrapped key
// of an erased case's file does not unwrap, and its people's sealed names do
// not open: not with the key file alone, and not with the case key folder as
// it is after the erasure.
func TestDatabaseAndMasterKeyCannotOpenErasedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "attune.db")
	db, err := store.Open(ctx, path, storetest.Chain.Seal)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := newCaseKeyed(t, db)
	c.addCase(t, "gone")
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var wrapped []byte
	if err := raw.QueryRowContext(ctx, `SELECT wrapped_key FROM stored_files WHERE id = 'f-gone'`).Scan(&wrapped); err != nil {
		t.Fatal(err)
	}
	if _, err := c.keys.DestroyCaseKeys("gone"); err != nil {
		t.Fatal(err)
	}
	alone, err := vault.LoadKeyFile(c.keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alone.Unwrap(wrapped); err == nil {
		t.Fatal("the master key file alone unwrapped a case-wrapped file key")
	}
	if _, err := c.keys.Unwrap(wrapped); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("with the case key folder after the erasure: %v, want ErrErased", err)
	}
	var name string
	if err := raw.QueryRowContext(ctx, `SELECT name FROM participants WHERE case_id = 'gone'`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(name, "Parent of") {
		t.Fatal("a name is stored in the clear")
	}
	if _, err := alone.OpenField("participant.name", name); err == nil {
		t.Fatal("the master key file alone opened an erased family's name")
	}
	if _, err := c.keys.OpenField("participant.name", name); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("an erased family's name with the case key folder: %v, want ErrErased", err)
	}
}
