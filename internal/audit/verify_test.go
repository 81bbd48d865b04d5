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
		{"removed at the end", []string{`DELETE FROM audit_log WHERE seq = 8`}, 8, "removed"},
		{"reordered", []string{
			`UPDATE audit_log SET seq = 100 WHERE seq = 6`,
			`UPDATE audit_log SET seq = 6 WHERE seq = 7`,
			`UPDATE audit_log SET seq = 7 WHERE seq = 100`}, 6, "",
		},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				db.Raw().Exec(`DELETE FROM audit_log`)
				db.Raw().Exec(`UPDATE audit_head SET seq = 0, hash = ''`)
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
