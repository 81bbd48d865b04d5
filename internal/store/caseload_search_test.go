package store_test

import (
	"slices"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestCaseloadSearchByReference: the caseload finds cases by letters of
// their reference, in any case, with % and _ taken as written, together
// with the state filter and across pages; never another person's case.
func TestCaseloadSearchByReference(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		owner := mustUser(t, db, "p@example.org", domain.RolePractitioner)
		stranger := mustUser(t, db, "s@example.org", domain.RolePractitioner)
		refs := map[string]string{"a": "KIN-2031", "b": "kin-2032", "c": "KIN-2040", "d": "50%_OFF", "e": "500-OFF"}
		for id, ref := range refs {
			c := mustCase(t, db, id, owner.ID)
			c.Reference = ref
			if id == "b" {
				c.Status = domain.CaseClosed
			}
			if err := db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateCase(ctx, c) }); err != nil {
				t.Fatal(err)
			}
		}
		theirs := mustCase(t, db, "theirs", stranger.ID)
		theirs.Reference = "KIN-2039"
		db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateCase(ctx, theirs) })
		for _, tc := range []struct {
			reference, status string
			want              []string
		}{
			{"kin-20", "", []string{"a", "b", "c"}},
			{"N-203", "", []string{"a", "b"}},
			{"N-203", domain.CaseOpen, []string{"a"}},
			{"N-203", domain.CaseClosed, []string{"b"}},
			{"%", "", []string{"d"}},
			{"%_o", "", []string{"d"}},
			{"0_", "", nil},
			{"2039", "", nil},
			{"", domain.CaseOpen, []string{"a", "c", "d", "e"}},
		} {
			got := caseloadIDs(t, db, store.CaseloadQuery{UserID: owner.ID, Reference: tc.reference, Status: tc.status, Limit: 2})
			if !slices.Equal(got, tc.want) {
				t.Errorf("reference %q, status %q: found %v, want %v", tc.reference, tc.status, got, tc.want)
			}
		}
	})
}

// caseloadIDs reads every page of q and returns the case ids, sorted.
func caseloadIDs(t *testing.T, db *store.DB, q store.CaseloadQuery) []string {
	t.Helper()
	var ids []string
	for {
		var cs []*domain.Case
		err := db.View(ctx, func(tx *store.Tx) (err error) { cs, q.After, err = tx.Caseload(ctx, q); return err })
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		if q.After == "" {
			break
		}
	}
	slices.Sort(ids)
	return ids
}
