package store

import (
	"context"
	"errors"
	"sync"

	"github.com/attune-vig/attune/internal/domain"
)

// auditBatch is the most entries one transaction appends.
const auditBatch = 256

// auditor appends audit entries for views in batches: callers that arrive
// while a batch is being written share the next transaction, so fifty
// people opening pages at once cost a few commits (and fsyncs), not fifty.
// Each caller still returns only once its entry is committed.
type auditor struct {
	db     *DB
	once   sync.Once
	reqs   chan auditReq
	closed chan struct{}
}

type auditReq struct {
	e    domain.AuditEntry
	done chan error
}

var errAuditClosed = errors.New("store: the audit writer has stopped (the database is closing)")

// AuditView appends one entry, for a view that changes nothing else. It
// returns when the entry is committed, or with the error that stopped it.
// Within a request whose view of this record was already recorded a moment
// ago (domain.ViewGate) it writes nothing.
func (db *DB) AuditView(ctx context.Context, e domain.AuditEntry) error {
	if !domain.AdmitView(ctx) {
		return nil
	}
	a := &db.audit
	a.once.Do(func() {
		a.db, a.reqs, a.closed = db, make(chan auditReq, auditBatch), make(chan struct{})
		go a.loop()
	})
	req := auditReq{e: e, done: make(chan error, 1)}
	select {
	case a.reqs <- req:
	case <-a.closed:
		return errAuditClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-a.closed:
		return errAuditClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *auditor) loop() {
	for {
		select {
		case <-a.closed:
			return
		case first := <-a.reqs:
			batch := a.gather(first)
			err := a.db.Update(context.Background(), func(tx *Tx) error {
				for _, r := range batch {
					if err := tx.Audit(context.Background(), r.e); err != nil {
						return err
					}
				}
				return nil
			})
			for _, r := range batch {
				r.done <- err
			}
		}
	}
}

// gather takes what is already waiting, without waiting for more.
func (a *auditor) gather(first auditReq) []auditReq {
	batch := []auditReq{first}
	for len(batch) < auditBatch {
		select {
		case r := <-a.reqs:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// stop ends the loop; entries still queued fail with errAuditClosed.
func (a *auditor) stop() {
	if a.closed == nil {
		return
	}
	close(a.closed)
}
