package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Tx is one transaction. Domain code calls its methods and never sees SQL.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	seal    Sealer
	now     time.Time
	fields  FieldSealer
	cases   map[string]string // caseOf's answers (fields.go)

	sessionSeal func(caseID, purpose, plain string) (string, error) // fieldSession (fields.go)
	sessionOpen func(purpose, sealed string) (string, error)
	keyGen      int64 // erasure generation at the start (beginFields); -1 unknown
	// kick wakes the audit sequencer; non-nil when audit entries go to
	// audit_queue (audit_queue.go) rather than straight into the chain.
	kick func()

	afterCommit []func() // AfterCommit
}

// Update runs fn in a read-write transaction and commits when fn returns nil.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.w, false, fn)
}

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.r, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(*Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: readOnly && db.dialect == Postgres}
	sqlTx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	tx := &Tx{tx: sqlTx, dialect: db.dialect, seal: db.seal, now: time.Now().UTC(), fields: db.fields, kick: db.sequencerKick()}
	tx.beginFields(ctx)
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return err
	}
	for _, fn := range tx.afterCommit {
		fn()
	}
	return nil
}

// AfterCommit runs fn once the transaction has committed, never if it
// rolls back: for telling this process about rows it can only see now,
// e.g. waking the job queue's worker for a job the transaction enqueued.
func (tx *Tx) AfterCommit(fn func()) { tx.afterCommit = append(tx.afterCommit, fn) }

// Now is the transaction's clock: one instant for every row it writes.
func (tx *Tx) Now() time.Time { return tx.now }

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.rebind(q), args...)
}

// rebind turns ? placeholders into $1, $2, ... for PostgreSQL.
func (tx *Tx) rebind(q string) string {
	if tx.dialect != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ms and fromMS convert times to the BIGINT milliseconds both databases store.
func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func nullMS(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: ms(*t), Valid: true}
}

func fromNullMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ErrNoRows is returned by lookups that find nothing.
var ErrNoRows = sql.ErrNoRows

// IsNotFound reports whether err means "no such row".
func IsNotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// isUniqueViolation reports a broken UNIQUE constraint on either engine.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// orderedNow is the transaction's time, or a millisecond after the latest
// time lastQuery selects, whichever is later: rows listed by their time
// (goals, a thread's comments) keep the order they were written in, even
// two written within one millisecond (their ids would order them at random).
func (tx *Tx) orderedNow(ctx context.Context, lastQuery string, args ...any) (time.Time, error) {
	var last int64
	if err := tx.queryRow(ctx, lastQuery, args...).Scan(&last); err != nil {
		return time.Time{}, err
	}
	if now := tx.now; ms(now) > last {
		return now, nil
	}
	return fromMS(last + 1), nil
}
