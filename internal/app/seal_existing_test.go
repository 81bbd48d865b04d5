package app_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestStartSealsOlderDatabase: a database from an attune that kept the
// family's text in the clear is sealed in place when attune starts, with
// progress in the log, and reads back as written.
func TestStartSealsOlderDatabase(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) { startSeals(t, "") })
	t.Run("postgres", func(t *testing.T) { url, _ := storetest.NewPostgresDatabase(t); startSeals(t, url) })
}

func startSeals(t *testing.T, url string) {
	ctx := context.Background()
	dir := t.TempDir()
	old, err := app.OpenForTest(ctx, dir, url, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	old.DB.SealFields(nil) // as an attune from before sealing wrote
	u := &domain.User{ID: "u1", Email: "guide@example.org", Name: "Guide", Role: domain.RolePractitioner}
	c := &domain.Case{ID: "c1", OwnerID: u.ID, Reference: "OLD-1", Focus: "Plain focus Hulvex", Status: domain.CaseOpen,
		Participants: []domain.Participant{{ID: "p1", Role: domain.ParticipantAdult, Name: "Plain name Hulvex"}}}
	err = old.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		return tx.CreateGoal(ctx, &domain.Goal{ID: "g1", CaseID: c.ID, HelpingQuestion: "Plain question Hulvex", Status: domain.GoalOpen})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.DB.Raw().ExecContext(ctx, `DELETE FROM sealed_columns`); err != nil { // a database from before migration 21
		t.Fatal(err)
	}
	old.Close()

	var logs bytes.Buffer
	d, err := app.OpenForTest(ctx, dir, url, &logs)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dump, err := d.DB.DumpText(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(dump, []byte("OLD-1")) || bytes.Contains(dump, []byte("Hulvex")) {
		t.Fatal("after start the family's text is still in the clear (or the dump misses the case)")
	}
	if !strings.Contains(logs.String(), "sealing existing case text in place") || !strings.Contains(logs.String(), "rows_done=1 rows_total=1") {
		t.Errorf("no progress logged: %s", logs.String())
	}
	got, err := d.Cases.Get(ctx, accounts.Actor{User: u}, c.ID)
	if err != nil || got.Focus != c.Focus || got.Participants[0].Name != "Plain name Hulvex" {
		t.Fatalf("read back after sealing: %+v %v", got, err)
	}
}
