package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// writeAt appends entries written at a given time (the controllable clock).
func writeAt(t *testing.T, db *store.DB, at time.Time, caseID string, n int) {
	t.Helper()
	for range n {
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			return tx.Audit(context.Background(), domain.AuditEntry{ActorID: "u1", Action: "case.view", ObjectType: "case", CaseID: caseID, At: at})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// pruned sets up a chain of 5 old and 3 recent entries and prunes the old
// ones at now: 5 pruned behind the anchor, 3 + the prune's own entry left.
func pruned(t *testing.T, db *store.DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	resetChain(t, db)
	writeAt(t, db, now.AddDate(-9, 0, 0), "", 5)
	writeAt(t, db, now.AddDate(0, -1, 0), "", 3)
	p, err := storetest.Chain.Prune(ctx, db, now.AddDate(-8, 0, 0), now)
	if err != nil || p.Entries != 5 || p.Through != 5 {
		t.Fatalf("prune: %+v %v", p, err)
	}
}

// TestPruneKeepsChainVerifiable: entries past the audit rule go, a signed
// anchor stands in for them, the rest verifies from it; removing, editing
// or forging anything is still caught. Both databases.
func TestPruneKeepsChainVerifiable(t *testing.T) {
	now := time.Date(2035, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		tamper  []string
		bad     int64
		problem string
	}{
		{"intact", nil, 0, ""},
		{"first entry after the anchor removed", []string{`DELETE FROM audit_log WHERE seq = 6`}, 6, "removed"},
		{"entry after the anchor edited", []string{`UPDATE audit_log SET detail = 'x' WHERE seq = 7`}, 7, "edited"},
		{"anchor moved forward to hide a removal", []string{
			`UPDATE audit_anchors SET seq = 6, hash = (SELECT hash FROM audit_log WHERE seq = 6), pruned = 6`,
			`DELETE FROM audit_log WHERE seq = 6`}, 7, "anchor"},
		{"anchor removed", []string{`DELETE FROM audit_anchors`}, 1, "missing"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				pruned(t, db, now)
				for _, q := range c.tamper {
					if _, err := db.Raw().Exec(q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				r, err := storetest.Chain.Verify(context.Background(), db)
				if err != nil {
					t.Fatal(err)
				}
				if r.FirstBad != c.bad || !strings.Contains(r.Problem, c.problem) {
					t.Fatalf("Verify = first bad %d (%q), want %d (%q)", r.FirstBad, r.Problem, c.bad, c.problem)
				}
				if c.bad == 0 && (r.Entries != 4 || r.Pruned != 5 || r.AnchorSeq != 5) {
					t.Fatalf("report %+v, want 4 entries checked behind an anchor for 5", r)
				}
			})
		}
	})
}

// TestPruneAgainAndHold: a later prune moves the anchor on and counts all
// pruned entries; nothing is pruned before its time; an entry about a case
// under a legal hold stops the prune there.
func TestPruneAgainAndHold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2035, 3, 1, 12, 0, 0, 0, time.UTC)
		pruned(t, db, now)
		if p, err := storetest.Chain.Prune(ctx, db, now.AddDate(-8, 0, 0), now); err != nil || p.Entries != 0 {
			t.Fatalf("a second prune at the same time removed %+v, %v", p, err)
		}
		later := now.AddDate(8, 0, 1)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateUser(ctx, &domain.User{ID: "u1", Email: "u@example.org", Name: "U", Role: domain.RoleAdmin}); err != nil {
				return err
			}
			if err := tx.CreateCase(ctx, &domain.Case{ID: "held", OwnerID: "u1", Reference: "H", Status: "open"}); err != nil {
				return err
			}
			_, err := tx.PlaceHold(ctx, &domain.LegalHold{CaseID: "held", Reason: "court", PlacedBy: "u1", PlacedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		writeAt(t, db, now.AddDate(0, 0, 1), "held", 1)                          // seq 10
		writeAt(t, db, now.AddDate(0, 0, 2), "", 2)                              // 11, 12
		p, err := storetest.Chain.Prune(ctx, db, later.AddDate(-8, 0, 0), later) // everything is old by now
		if err != nil || p.Through != 9 || p.Entries != 4 {
			t.Fatalf("prune with a hold: %+v %v (want entries 6-9 pruned, stopping at the held case's entry 10)", p, err)
		}
		r, err := storetest.Chain.Verify(ctx, db)
		if err != nil || !r.Intact() || r.Pruned != 9 || r.AnchorSeq != 9 {
			t.Fatalf("after the second prune: %+v %v", r, err)
		}
	})
}
