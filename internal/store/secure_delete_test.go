package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestOverwrittenValueLeavesNoTrace (SQLite): an overwritten note's old
// sealed value is zeroed in the file's free space (secure_delete), not left
// for `strings` to find, once the WAL is checkpointed into the file.
func TestOverwrittenValueLeavesNoTrace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "attune.db")
	db, err := store.Open(ctx, path, storetest.Chain.Seal)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SealFields(sealingKeys(t))
	u := mustUser(t, db, "g@example.org", domain.RolePractitioner)
	c := mustCase(t, db, "c1", u.ID)
	put := func(body string) {
		t.Helper()
		err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.PutNote(ctx, &domain.Note{CaseID: c.ID, Kind: domain.NoteChild, Body: body, UpdatedBy: u.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	put("the first words, long enough to leave a tail when a shorter value takes its place in the page")
	var old string
	if err := db.Raw().QueryRowContext(ctx, `SELECT body FROM case_notes`).Scan(&old); err != nil {
		t.Fatal(err)
	}
	checkpoint(t, db)
	if !bytes.Contains(readFile(t, path), []byte(old)) {
		t.Fatal("the test reads the wrong file: the stored note is not in it")
	}
	put("ok")
	checkpoint(t, db)
	raw := readFile(t, path)
	// Any piece of its random part (after the format and key id every value
	// of the case shares): a new value may cover the old one's start.
	for i := 48; i+16 <= len(old); i += 16 {
		if bytes.Contains(raw, []byte(old[i:i+16])) {
			t.Fatalf("a piece of the overwritten note's sealed value (%q) is still in the database file's free space", old[i:i+16])
		}
	}
}

func checkpoint(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.Raw().ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
