package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// On PostgreSQL with several writers at once, locking audit_head in every
// audited transaction made every write in attune wait in one line (15 saves
// a second at 50 users). With the queue on (SealAuditInBatches), an audited
// transaction only inserts its entry into audit_queue; a sequencer moves
// queued entries into the chain in batches: in one transaction it takes the
// sequencing advisory lock (one sequencer among all servers), reads the
// queue in id order, appends the entries to audit_log with their seq and
// chained hash, moves and signs the head once, and deletes the entries from
// the queue. A crash at any point leaves each entry either queued or sealed,
// never both and never neither; the next sequencer (on any server, or
// `attune audit verify`) seals what is left.

// auditSequencerLock is the advisory lock key of the sequencer ("attune
// audit seq" in ASCII, folded to 63 bits).
const auditSequencerLock int64 = 0x61756469_74736571 >> 1

// sealBatch is the most entries one sealing transaction moves.
const sealBatch = 500

// sealEvery is how often a sequencer looks for entries other servers queued
// (its own are sealed as soon as their transaction commits).
const sealEvery = 50 * time.Millisecond

type sequencer struct {
	kick    chan struct{}
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// SealAuditInBatches turns the queue on (PostgreSQL only; SQLite has one
// writer, which appends to the chain directly) and starts this server's
// sequencer. Call it once, before serving.
func (db *DB) SealAuditInBatches() {
	if db.dialect != Postgres || db.seq != nil {
		return
	}
	db.seq = &sequencer{kick: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go db.sequence()
}

// queueing tells whether audited transactions queue their entries.
// sequencerKick is how a transaction wakes the sequencer after queueing
// entries; nil when there is no sequencer (entries go into the chain).
func (db *DB) sequencerKick() func() {
	if db.seq == nil {
		return nil
	}
	return db.kickSequencer
}

func (db *DB) sequence() {
	defer close(db.seq.stopped)
	tick := time.NewTicker(sealEvery)
	defer tick.Stop()
	for {
		select {
		case <-db.seq.stop:
			return
		case <-db.seq.kick:
		case <-tick.C:
		}
		for {
			n, err := db.sealQueued(context.Background(), false)
			if err != nil || n < sealBatch {
				break // an error is retried at the next tick; the entries stay queued
			}
		}
	}
}

// kickSequencer wakes the sequencer after a transaction queued entries.
func (db *DB) kickSequencer() {
	select {
	case db.seq.kick <- struct{}{}:
	default:
	}
}

// stopSequencer ends the loop and seals what this server left queued, so a
// clean stop leaves nothing behind (a crash leaves it for the next one).
func (db *DB) stopSequencer() {
	if db.seq == nil {
		return
	}
	db.seq.once.Do(func() {
		close(db.seq.stop)
		<-db.seq.stopped
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = db.FlushAudit(ctx)
	})
}

// FlushAudit seals every entry queued until now, waiting for another
// server's sequencer if one is at work: before the chain is verified or read
// in order. Without a queue (SQLite) there is nothing to do.
func (db *DB) FlushAudit(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	for {
		n, err := db.sealQueued(ctx, true)
		if err != nil || n < sealBatch {
			return err
		}
	}
}

// sealQueued moves up to sealBatch queued entries into the chain. Without
// wait it gives up at once when another sequencer holds the lock.
func (db *DB) sealQueued(ctx context.Context, wait bool) (int, error) {
	n := 0
	err := db.Update(ctx, func(tx *Tx) error {
		if wait {
			if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, auditSequencerLock); err != nil {
				return err
			}
		} else {
			var got bool
			if err := tx.queryRow(ctx, `SELECT pg_try_advisory_xact_lock(?)`, auditSequencerLock).Scan(&got); err != nil || !got {
				return err
			}
		}
		var err error
		n, err = tx.sealQueued(ctx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("seal queued audit entries: %w", err)
	}
	return n, nil
}

// sealQueued appends the oldest queued entries to the chain and removes them
// from the queue (the caller holds the sequencing lock).
func (tx *Tx) sealQueued(ctx context.Context) (int, error) {
	ids, batch, err := tx.queuedEntries(ctx)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	if tx.seal == nil {
		return 0, errors.New("store: no audit sealer configured")
	}
	h, err := tx.lockHead(ctx)
	if err != nil {
		return 0, err
	}
	for i := range batch {
		e := &batch[i]
		e.Seq, e.PrevHash = h.Seq+1+int64(i), h.Hash
		if i > 0 {
			e.PrevHash = batch[i-1].Hash
		}
		e.Hash = tx.seal(*e)
	}
	if err := tx.insertSealed(ctx, batch); err != nil {
		return 0, err
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	if _, err := tx.exec(ctx, `DELETE FROM audit_queue WHERE id IN (`+marks+`)`, ids...); err != nil {
		return 0, err
	}
	return len(batch), tx.writeHead(ctx, h, batch[len(batch)-1])
}

func (tx *Tx) queuedEntries(ctx context.Context) ([]any, []domain.AuditEntry, error) {
	rows, err := tx.query(ctx, fmt.Sprintf(`SELECT id, at, actor_id, action, object_type, object_id, case_id, ip, detail
		FROM audit_queue ORDER BY id LIMIT %d`, sealBatch))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []any
	var out []domain.AuditEntry
	for rows.Next() {
		var id, at int64
		var e domain.AuditEntry
		if err := rows.Scan(&id, &at, &e.ActorID, &e.Action, &e.ObjectType, &e.ObjectID, &e.CaseID, &e.IP, &e.Detail); err != nil {
			return nil, nil, err
		}
		e.At = fromMS(at)
		ids, out = append(ids, id), append(out, e)
	}
	return ids, out, rows.Err()
}

// insertSealed writes sealed entries to audit_log in one statement.
func (tx *Tx) insertSealed(ctx context.Context, batch []domain.AuditEntry) error {
	var b strings.Builder
	b.WriteString(`INSERT INTO audit_log (seq, at, actor_id, action, object_type, object_id, case_id, ip, detail, prev_hash, hash) VALUES `)
	args := make([]any, 0, len(batch)*11)
	for i, e := range batch {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`(?,?,?,?,?,?,?,?,?,?,?)`)
		args = append(args, e.Seq, ms(e.At), e.ActorID, e.Action, e.ObjectType, e.ObjectID, e.CaseID, e.IP, e.Detail, e.PrevHash, e.Hash)
	}
	if _, err := tx.exec(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("append audit entries: %w", err)
	}
	return nil
}

// queueAudit is Audit with the queue on: the entry waits in audit_queue for
// the sequencer, and this transaction takes no lock for it.
func (tx *Tx) queueAudit(ctx context.Context, e domain.AuditEntry) error {
	if e.At.IsZero() {
		e.At = tx.now
	}
	_, err := tx.exec(ctx, `INSERT INTO audit_queue (at, actor_id, action, object_type, object_id, case_id, ip, detail)
		VALUES (?,?,?,?,?,?,?,?)`, ms(e.At), e.ActorID, e.Action, e.ObjectType, e.ObjectID, e.CaseID, e.IP, e.Detail)
	if err != nil {
		return fmt.Errorf("queue audit entry: %w", err)
	}
	tx.AfterCommit(tx.kick) // several kicks are one: the channel holds one
	return nil
}
