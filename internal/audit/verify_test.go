package audit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

func write(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for i := range n {
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			return tx.Audit(context.Background(), domain.AuditEntry{ActorID: "u1", Action: "case.view", ObjectType: "case", ObjectID: string(rune('a' + i))})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// resetChain empties the chain and signs its empty head, as a new database has it.
func resetChain(t *testing.T, db *store.DB) {
	t.Helper()
	mac := storetest.Chain.Seal(store.HeadEntry(store.AuditHead{}))
	for _, q := range []string{`DELETE FROM audit_log`, `DELETE FROM audit_anchors`,
		`UPDATE audit_head SET seq = 0, hash = '', broken_at = 0, mac = '` + mac + `'`} {
		if _, err := db.Raw().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestVerifyNamesFirstBadEntry: editing, removing, reordering and cutting
// entries off the end (moving the head back, without the key to sign it)
// are each named, on both databases.
func TestVerifyNamesFirstBadEntry(t *testing.T) {
	cases := []struct {
		name    string
		tamper  []string // raw SQL
		bad     int64
		problem string
	}{
		{"intact", nil, 0, ""},
		{"edited", []string{`UPDATE audit_log SET object_id = 'zzz' WHERE seq = 4`}, 4, "edited"},
		{"edited and rehashed without the key", []string{`UPDATE audit_log SET action = 'x', hash = prev_hash WHERE seq = 3`}, 3, "edited"},
		{"removed", []string{`DELETE FROM audit_log WHERE seq = 5`}, 5, "removed"},
		{"cut off the end, head moved back", []string{`DELETE FROM audit_log WHERE seq > 5`,
			`UPDATE audit_head SET seq = 5, hash = (SELECT hash FROM audit_log WHERE seq = 5)`}, 6, "cut off the end"},
		{"head's signature removed", []string{`UPDATE audit_head SET mac = ''`}, 9, "cut off the end"},
		{"removed at the end", []string{`DELETE FROM audit_log WHERE seq = 8`}, 8, "removed"},
		{"reordered", []string{
			`UPDATE audit_log SET seq = 100 WHERE seq = 6`,
			`UPDATE audit_log SET seq = 6 WHERE seq = 7`,
			`UPDATE audit_log SET seq = 7 WHERE seq = 100`}, 6, "reordered",
		},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				resetChain(t, db)
				write(t, db, 8)
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
			})
		}
	})
}
