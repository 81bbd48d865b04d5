package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/store"
)

// TestCopiedDatabaseRevealsNoNames: names, notes, the case focus, consent
// signatures and the family's words are sealed with the key ring, so the
// database file (and its WAL) copied alone does not contain them; attune
// reads them back as written.
func TestCopiedDatabaseRevealsNoNames(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	ctx := context.Background()
	u, _ := in.User(t, "guide@example.org", domain.RolePractitioner, false)
	a := accounts.Actor{User: u}
	c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: "F-1", Focus: "Zorblat focus words",
		Participants: []domain.Participant{{Role: "adult", Name: "Quenby Zorblat", Relation: "mother"}, {Role: "child", Name: "Ixworth Zorblat", BirthDate: "2021-02-03"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Deps.Lifecycle.PutNote(ctx, a, c.ID, domain.NoteChild, "Zorblat note about bedtime"); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Deps.Lifecycle.RecordConsent(ctx, a, c.ID, lifecycle.ConsentInput{Purposes: []string{domain.PurposeFilming},
		GivenBy: "Quenby Zorblat (mother)", Signature: "Quenby Zorblat", WordingVersion: "1"}); err != nil {
		t.Fatal(err)
	}
	got, err := in.Deps.Cases.Get(ctx, a, c.ID)
	if err != nil || got.Focus != "Zorblat focus words" || got.Participants[0].Name != "Quenby Zorblat" {
		t.Fatalf("read back: %+v %v", got, err)
	}
	var notes map[string]*domain.Note
	var consents []*domain.Consent
	in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		notes, _ = tx.CaseNotes(ctx, c.ID)
		consents, _ = tx.CaseConsents(ctx, c.ID)
		return nil
	})
	if notes[domain.NoteChild].Body != "Zorblat note about bedtime" || consents[0].Signature != "Quenby Zorblat" {
		t.Fatalf("notes or consent not read back: %+v %+v", notes, consents)
	}
	var raw []byte
	for _, name := range []string{"attune.db", "attune.db-wal"} {
		b, err := os.ReadFile(filepath.Join(in.Deps.Cfg.Data, name))
		if err != nil && name == "attune.db" {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	if !bytes.Contains(raw, []byte("F-1")) {
		t.Fatal("the test reads the wrong files: the case reference is not in them")
	}
	if bytes.Contains(raw, []byte("Zorblat")) {
		t.Fatal("a copied database file reveals a name, a note or the family's words")
	}
}
