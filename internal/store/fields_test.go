package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

// TestSealedFields: with a sealer, the family's words are stored sealed and
// read back as written; rows written before sealing began still read.
func TestSealedFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		keys, _, err := vault.LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "k"))
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateUser(ctx, &domain.User{ID: "u", Email: "u@example.org", Name: "U", Role: domain.RolePractitioner}); err != nil {
				return err
			}
			if err := tx.CreateCase(ctx, &domain.Case{ID: "c", OwnerID: "u", Reference: "R", Status: "open", Focus: "plain before sealing"}); err != nil {
				return err
			}
			db.SealFields(keys) // from the next transaction on
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		cy := &domain.Cycle{ID: "y", CaseID: "c", Number: 1, Status: "planned", ParentWords: "We laughed", NextSteps: "More play"}
		err = db.Update(ctx, func(tx *store.Tx) error { return tx.CreateCycle(ctx, cy) })
		if err != nil {
			t.Fatal(err)
		}
		var raw string
		db.Raw().QueryRowContext(ctx, `SELECT parent_words FROM cycles`).Scan(&raw)
		if raw == "We laughed" || raw == "" {
			t.Fatalf("parent's words stored as %q", raw)
		}
		db.View(ctx, func(tx *store.Tx) error {
			c, err := tx.CaseByID(ctx, "c")
			if err != nil || c.Focus != "plain before sealing" {
				t.Fatalf("row from before sealing: %+v %v", c, err)
			}
			got, err := tx.CycleByID(ctx, "y")
			if err != nil || got.ParentWords != "We laughed" || got.NextSteps != "More play" {
				t.Fatalf("cycle read back: %+v %v", got, err)
			}
			return nil
		})
	})
}
