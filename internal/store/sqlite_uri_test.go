package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestSQLitePathWithURICharacters: a database folder whose name holds '#',
// '?' or '%' opens the file in that folder, not one at a path cut short at
// the character (which a second test, or a second attune, would share).
func TestSQLitePathWithURICharacters(t *testing.T) {
	for _, name := range []string{"data#2", "what?", "100%"} {
		dir := filepath.Join(t.TempDir(), name)
		path := filepath.Join(dir, "attune.db")
		db, err := store.Open(context.Background(), path, storetest.Chain.Seal)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := db.VacuumInto(context.Background(), filepath.Join(t.TempDir(), "copy.db")); err != nil {
			t.Errorf("%s: backup: %v", name, err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: the database is not where it was asked for: %v", name, err)
		}
	}
}
