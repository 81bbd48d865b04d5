package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
	"github.com/attune-vig/attune/internal/vault"
)

// TestCaseFieldsSealedWithCaseKey: a case's names, focus and notes are
// sealed with the case's own records key; they read back as written until
// the case is erased, and then a copy of the rows (as an old backup holds
// them) no longer opens ("erased") while another case's still does.
func TestCaseFieldsSealedWithCaseKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		keys := sealingKeys(t)
		db.SealFields(keys)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateUser(ctx, &domain.User{ID: "u", Email: "u@example.org", Name: "U", Role: domain.RolePractitioner}); err != nil {
				return err
			}
			for _, id := range []string{"gone", "kept"} {
				c := &domain.Case{ID: id, OwnerID: "u", Reference: "R-" + id, Status: "open", Focus: "focus of " + id,
					Participants: []domain.Participant{{ID: "p-" + id, Role: "adult", Name: "Name of " + id}}}
				if err := tx.CreateCase(ctx, c); err != nil {
					return err
				}
				if err := tx.PutNote(ctx, &domain.Note{CaseID: id, Kind: domain.NoteChild, Body: "note of " + id, UpdatedBy: "u"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var raw string
		db.Raw().QueryRowContext(ctx, `SELECT name FROM participants WHERE id = 'p-gone'`).Scan(&raw)
		if !strings.HasPrefix(raw, "v2.") || strings.Contains(raw, "gone") {
			t.Fatalf("a participant's name stored as %q, want sealed with the case key", raw)
		}
		read := func(id string) (*domain.Case, error) {
			var c *domain.Case
			err := db.View(ctx, func(tx *store.Tx) (err error) { c, err = tx.CaseByID(ctx, id); return err })
			return c, err
		}
		if c, err := read("gone"); err != nil || c.Focus != "focus of gone" || c.Participants[0].Name != "Name of gone" {
			t.Fatalf("read back: %+v %v", c, err)
		}
		if _, err := keys.DestroyCaseKeys("gone"); err != nil {
			t.Fatal(err)
		}
		if _, err := read("gone"); !errors.Is(err, vault.ErrErased) {
			t.Fatalf("an erased case's rows from an old copy: %v, want ErrErased", err)
		}
		if c, err := read("kept"); err != nil || c.Participants[0].Name != "Name of kept" {
			t.Fatalf("another case after an erasure: %+v %v", c, err)
		}
	})
}
