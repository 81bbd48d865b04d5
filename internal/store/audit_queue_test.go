package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// auditSequencerLock is the store's sequencing lock key (audit_queue.go).
const auditSequencerLock int64 = 0x61756469_74736571 >> 1

// TestAuditQueueDoesNotWaitForTheChain (PostgreSQL): with the sequencer's
// lock held elsewhere, 200 concurrent audited transactions all commit; their
// entries are listed at once (queued), and once the lock is free they are
// sealed into one gap-free chain with a signed head that verifies.
func TestAuditQueueDoesNotWaitForTheChain(t *testing.T) {
	db := storetest.Postgres(t)
	db.SealAuditInBatches()
	release := holdSequencerLock(t, db)
	const n = 200
	errs := make(chan error, n)
	start := time.Now()
	for i := range n {
		go func() {
			errs <- db.Update(ctx, func(tx *store.Tx) error {
				return tx.Audit(ctx, domain.AuditEntry{ActorID: "u1", Action: "annotation.create", ObjectID: fmt.Sprint(i)})
			})
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d audited transactions committed in %v with the sequencer held off", n, time.Since(start))
	if got := auditCount(t, db, "annotation.create"); got != n {
		t.Fatalf("listed %d entries while queued, want %d", got, n)
	}
	release()
	r, err := storetest.Chain.Verify(ctx, db)
	if err != nil || !r.Intact() || r.Entries != n {
		t.Fatalf("after the sequencer ran: %+v %v", r, err)
	}
}

// TestAuditQueueSurvivesACrash (PostgreSQL): entries committed to the queue
// by a server that died before sealing them (kill -9) are sealed by the next
// server to start, after the chain it had already sealed, and verify holds.
func TestAuditQueueSurvivesACrash(t *testing.T) {
	url, _ := storetest.NewPostgresDatabase(t)
	first := open(t, url)
	first.SealAuditInBatches()
	for i := range 5 {
		if err := first.Update(ctx, func(tx *store.Tx) error {
			return tx.Audit(ctx, domain.AuditEntry{ActorID: "u1", Action: "case.update", ObjectID: fmt.Sprint(i)})
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.FlushAudit(ctx); err != nil {
		t.Fatal(err)
	}
	// What the dead server's last transactions left: committed, not sealed.
	for i := range 3 {
		if _, err := first.Raw().ExecContext(ctx, `INSERT INTO audit_queue (at, actor_id, action, object_id) VALUES ($1, 'u1', 'case.update', $2)`,
			time.Now().UnixMilli(), fmt.Sprint("after-", i)); err != nil {
			t.Fatal(err)
		}
	}
	next := open(t, url)
	next.SealAuditInBatches() // its sequencer seals them within moments, unasked
	deadline := time.Now().Add(10 * time.Second)
	for queued(t, next) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if q := queued(t, next); q != 0 {
		t.Fatalf("%d entries still queued 10 s after the next server started", q)
	}
	r, err := storetest.Chain.VerifyChain(ctx, next)
	if err != nil || !r.Intact() || r.Entries != 8 {
		t.Fatalf("after the restart: %+v %v", r, err)
	}
}

func open(t *testing.T, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url, storetest.Chain.Seal)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// holdSequencerLock takes the sequencing lock on a connection of its own, as
// another server's sequencer at work would; release frees it.
func holdSequencerLock(t *testing.T, db *store.DB) (release func()) {
	t.Helper()
	conn, err := db.Raw().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, auditSequencerLock); err != nil {
		t.Fatal(err)
	}
	return func() {
		conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, auditSequencerLock)
		conn.Close()
	}
}

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var es []domain.AuditEntry
	err := db.View(ctx, func(tx *store.Tx) (err error) {
		es, err = tx.AuditEntries(ctx, store.AuditFilter{Action: action, Limit: 1000})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func queued(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.Raw().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_queue`).Scan(&n); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	return n
}
