package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

// TestErasureReachesEveryServer: two servers on one database and one case
// key folder, each keeping case keys between requests. Server B has the
// case's key in memory (it still opens the text with the key file moved
// away); server A erases the case; B's very next request refuses the text
// ("erased"), as a row restored from an old copy would ask it to open,
// while another case still opens.
func TestErasureReachesEveryServer(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := filepath.Join(t.TempDir(), "attune.db")
			if engine == "postgres" {
				url, _ = storetest.NewPostgresDatabase(t)
			}
			dir := t.TempDir()
			a, ka := server(t, url, dir)
			b, _ := server(t, url, dir)
			erasureAcrossServers(t, a, ka, b, dir)
		})
	}
}

// server opens the database with its own key ring over the shared key folder.
func server(t *testing.T, url, dir string) (*store.DB, *vault.KeyRing) {
	t.Helper()
	db, err := store.Open(context.Background(), url, storetest.Chain.Seal)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	keys, _, err := vault.LoadOrCreateKeyFile(filepath.Join(dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	ck, err := vault.OpenCaseKeys(filepath.Join(dir, "case-keys"))
	if err != nil {
		t.Fatal(err)
	}
	keys.UseCaseKeys(ck)
	db.SealFields(keys)
	return db, keys
}

func erasureAcrossServers(t *testing.T, a *store.DB, ka *vault.KeyRing, b *store.DB, dir string) {
	ctx := context.Background()
	u := mustUser(t, a, "g@example.org", domain.RolePractitioner)
	for _, id := range []string{"gone", "holder", "kept"} {
		mustCase(t, a, id, u.ID)
	}
	// holder's first name is gone's sealed value: the copy an old backup keeps.
	if _, err := a.Raw().ExecContext(ctx, `UPDATE participants SET name = (SELECT name FROM participants WHERE id = 'gone-p1') WHERE id = 'holder-p1'`); err != nil {
		t.Fatal(err)
	}
	read := func(db *store.DB, id string) (string, error) {
		var c *domain.Case
		err := db.View(ctx, func(tx *store.Tx) (err error) { c, err = tx.CaseByID(ctx, id); return err })
		if err != nil {
			return "", err
		}
		return c.Participants[0].Name, nil
	}
	if name, err := read(b, "holder"); err != nil || name != "Ann" {
		t.Fatalf("server B reads %q, %v before the erasure; want Ann", name, err)
	}
	keyFiles, _ := filepath.Glob(filepath.Join(dir, "case-keys", "gone.records.*.kek"))
	if len(keyFiles) != 1 {
		t.Fatalf("gone's records key files: %v, want one", keyFiles)
	}
	moved := keyFiles[0] + ".away"
	if err := os.Rename(keyFiles[0], moved); err != nil {
		t.Fatal(err)
	}
	name, err := read(b, "holder")
	if err := os.Rename(moved, keyFiles[0]); err != nil {
		t.Fatal(err)
	}
	if err != nil || name != "Ann" {
		t.Fatalf("server B without the key file: %q, %v; want the key kept from the last request", name, err)
	}
	err = a.Update(ctx, func(tx *store.Tx) error { // as retention erases a case
		if err := tx.DeleteCase(ctx, "gone"); err != nil {
			return err
		}
		_, err := ka.DestroyCaseKeys("gone")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if name, err := read(b, "holder"); !errors.Is(err, vault.ErrErased) {
		t.Fatalf("server B after server A erased the case: %q, %v; want ErrErased", name, err)
	}
	if name, err := read(b, "kept"); err != nil || name != "Ann" {
		t.Fatalf("server B reads another case after the erasure: %q, %v", name, err)
	}
}
