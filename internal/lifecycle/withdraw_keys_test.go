package lifecycle_test

import (
	"errors"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/vault"
)

// TestWithdrawalDestroysFootageKey: withdrawing the last filming consent
// erases the case's footage and destroys its footage key, so the wrapped
// file keys (as an old backup holds them) no longer open; the case's
// records and another case's footage are untouched.
func TestWithdrawalDestroysFootageKey(t *testing.T) {
	in := apptest.Start(t, "")
	u, _ := in.User(t, "ann@example.org", domain.RolePractitioner, false)
	a := accounts.Actor{User: u}
	var cases [2]string
	var files [2][]*domain.StoredFile
	for i, ref := range []string{"W-1", "W-2"} {
		c, err := in.Deps.Cases.Create(ctx, a, casework.Input{Reference: ref})
		if err != nil {
			t.Fatal(err)
		}
		cases[i] = c.ID
		rec := in.ReadyRecording(t, a, c.ID)
		in.Deps.DB.View(ctx, func(tx *store.Tx) (err error) { files[i], err = tx.RecordingFiles(ctx, rec.ID); return err })
		if len(files[i]) == 0 || !vault.IsCaseWrapped(files[i][0].WrappedKey) {
			t.Fatal("footage is not wrapped with its case's key")
		}
	}
	records, err := in.Deps.Keys.WrapFor(vault.Scope{CaseID: cases[0], Purpose: vault.PurposeRecords}, vault.NewFileKey())
	if err != nil {
		t.Fatal(err)
	}
	cs, err := in.Deps.Lifecycle.Consents(ctx, a, cases[0])
	if err != nil || len(cs) != 1 {
		t.Fatalf("consents: %v %d", err, len(cs))
	}
	w, err := in.Deps.Lifecycle.Withdraw(ctx, a, cs[0].ID)
	if err != nil || len(w.Erased) != 1 {
		t.Fatalf("withdraw: %v %+v", err, w)
	}
	for _, f := range files[0] {
		if _, err := in.Deps.Keys.Unwrap(f.WrappedKey); !errors.Is(err, vault.ErrErased) {
			t.Fatalf("withdrawn footage's %s: %v, want ErrErased", f.Kind, err)
		}
	}
	if _, err := in.Deps.Keys.Unwrap(records); err != nil {
		t.Fatalf("the case's records key went with its footage: %v", err)
	}
	for _, f := range files[1] {
		if _, err := in.Deps.Keys.Unwrap(f.WrappedKey); err != nil {
			t.Fatalf("another case's footage: %v", err)
		}
	}
}
