package apptest

import (
	"context"
	"testing"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/store"
)

// FilmingConsent records the family's consent to filming on a case, unless
// one is already in force, so that films can be added to it.
func (in *Instance) FilmingConsent(t testing.TB, a accounts.Actor, caseID string) {
	t.Helper()
	in.Consent(t, a, caseID, domain.PurposeFilming)
}

// Consent records the family's consent to one purpose on a case, unless one
// is already in force.
func (in *Instance) Consent(t testing.TB, a accounts.Actor, caseID, purpose string) {
	t.Helper()
	ctx := context.Background()
	var has bool
	err := in.Deps.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		has, err = tx.HasConsentInForce(ctx, caseID, purpose)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if has {
		return
	}
	_, err = in.Deps.Lifecycle.RecordConsent(ctx, a, caseID, lifecycle.ConsentInput{Purposes: []string{purpose},
		GivenBy: "Ann (mother)", Signature: "Ann", WordingVersion: "1"})
	if err != nil {
		t.Fatal(err)
	}
}
