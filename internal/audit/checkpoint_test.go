package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/audit"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// rollBack cuts the chain back to entry keep and puts back the head row as
// it was then, signature and all (someone who kept a copy of it): the
// chain in the database alone then looks intact.
func rollBack(t *testing.T, db *store.DB, keep int64, h store.AuditHead) {
	t.Helper()
	for _, q := range []string{`DELETE FROM audit_log WHERE seq > ` + itoa(keep),
		`UPDATE audit_head SET seq = ` + itoa(h.Seq) + `, hash = '` + h.Hash + `', broken_at = 0, mac = '` + h.MAC + `'`} {
		if _, err := db.Raw().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func head(t *testing.T, db *store.DB) (h store.AuditHead) {
	t.Helper()
	err := db.View(context.Background(), func(tx *store.Tx) (err error) { h, err = tx.AuditHead(context.Background()); return err })
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func verify(t *testing.T, c *audit.Chain, db *store.DB) audit.Report {
	t.Helper()
	r, err := c.Verify(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCheckpointCatchesTruncation: the head row of an earlier moment,
// signature and all, put back after cutting the end off passes the check of
// the database alone, but not the checkpoint kept outside it, nor its copy
// when the checkpoint beside the keys is deleted. A forged checkpoint is
// named; Rewind (what restore does) makes a rewound chain verify again.
func TestCheckpointCatchesTruncation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir, copyDir := t.TempDir(), t.TempDir()
		c := storetest.Chain.WithCheckpoints(audit.Checkpoints{Path: filepath.Join(dir, "audit-checkpoint.json"), CopyDir: copyDir})
		resetChain(t, db)
		write(t, db, 5)
		saved := head(t, db)
		write(t, db, 3)
		if r := verify(t, c, db); !r.Intact() || r.Entries != 8 {
			t.Fatalf("before: %+v", r)
		}
		rollBack(t, db, 5, saved)
		if r, err := c.VerifyChain(ctx, db); err != nil || !r.Intact() {
			t.Fatalf("the database alone: %+v %v (the rolled-back head should look intact there)", r, err)
		}
		r := verify(t, c, db)
		if r.Intact() || r.Behind != 3 || r.FirstBad != 6 || !strings.Contains(r.Problem, "behind the checkpoint by 3 entries") || !strings.Contains(r.Problem, "truncation") {
			t.Fatalf("after the roll-back: %+v", r)
		}
		os.Remove(filepath.Join(dir, "audit-checkpoint.json"))
		if r := verify(t, c, db); r.Behind != 3 {
			t.Fatalf("with only the copy left: %+v", r)
		}
		os.WriteFile(filepath.Join(dir, "audit-checkpoint.json"), []byte(`{"seq":1,"hash":"x","signature":"y"}`), 0o600)
		if r := verify(t, c, db); r.Intact() || !strings.Contains(r.Problem, "forged") {
			t.Fatalf("with a forged checkpoint: %+v", r)
		}
		if err := c.Rewind(ctx, db, time.Now(), "restored the backup of yesterday"); err != nil {
			t.Fatal(err)
		}
		if r := verify(t, c, db); !r.Intact() || r.Checkpoint == nil || r.Checkpoint.Seq != 5 {
			t.Fatalf("after Rewind: %+v", r)
		}
	})
}

// TestCheckpointRewrittenAndAppendedAfterTruncation: entries rewritten
// from the checkpoint's entry on are named, and so is a truncation that
// later appends built on (the head stays marked).
func TestCheckpointRewrittenAndAppendedAfterTruncation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := storetest.Chain.WithCheckpoints(audit.Checkpoints{Path: filepath.Join(t.TempDir(), "cp.json")})
		resetChain(t, db)
		write(t, db, 6)
		verify(t, c, db)
		db.Raw().Exec(`DELETE FROM audit_log WHERE seq > 3`)
		db.Raw().Exec(`UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)`)
		write(t, db, 4) // entries 4-7 written on the moved-back head
		r := verify(t, c, db)
		if r.FirstBad != 4 || !strings.Contains(r.Problem, "cut off the end before entry 4") {
			t.Fatalf("after appends on a moved-back head: %+v", r)
		}
		r, _ = storetest.Chain.VerifyChain(context.Background(), db)
		if r.FirstBad != 4 {
			t.Fatalf("the database alone: %+v", r)
		}
	})
}

// TestCheckpointAcrossPrune: pruning from the start past the checkpoint's
// entry, or exactly to it, still verifies.
func TestCheckpointAcrossPrune(t *testing.T) {
	now := time.Date(2035, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, upTo := range []int64{3, 5} {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			c := storetest.Chain.WithCheckpoints(audit.Checkpoints{Path: filepath.Join(t.TempDir(), "cp.json")})
			resetChain(t, db)
			writeAt(t, db, now.AddDate(-9, 0, 0), "", int(upTo))
			verify(t, c, db) // checkpoint at upTo
			writeAt(t, db, now.AddDate(-9, 0, 0), "", 5-int(upTo))
			writeAt(t, db, now.AddDate(0, -1, 0), "", 3)
			if _, err := c.Prune(context.Background(), db, now.AddDate(-8, 0, 0), now); err != nil {
				t.Fatal(err)
			}
			if r := verify(t, c, db); !r.Intact() || r.AnchorSeq != 5 {
				t.Fatalf("checkpoint at %d, pruned through 5: %+v", upTo, r)
			}
		})
	}
}
