// Package store keeps attune's records in SQLite or PostgreSQL. All SQL lives
// here. Statements are written once with ? placeholders in a portable subset
// and rebound for PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // SQLite driver "sqlite"
)

// Dialect names a database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Sealer computes an audit entry's chained hash. The audit package provides it,
// with a key kept outside the database.
type Sealer func(e domain.AuditEntry) string

// DB is an open database: one writer and a pool of readers (the same pool on
// PostgreSQL).
type DB struct {
	w, r    *sql.DB
	dialect Dialect
	seal    Sealer
	audit   auditor
	fields  FieldSealer // sensitive text (fields.go); nil keeps it as it is
	seq     *sequencer  // audit entries sealed in batches (audit_queue.go); nil appends directly
}

// Open opens the database named by url: "postgres://..." for PostgreSQL,
// anything else is a path to an SQLite file. Migrations are applied.
func Open(ctx context.Context, url string, seal Sealer) (*DB, error) {
	var db *DB
	var err error
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		db, err = openPostgres(url)
	} else {
		db, err = openSQLite(url)
	}
	if err != nil {
		return nil, err
	}
	db.seal = seal
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.signNewHead(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sign the audit chain's head: %w", err)
	}
	return db, nil
}

func openSQLite(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the database folder: %w", err)
	}
	dsn := func(txlock string, readonly bool) string {
		q := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(10000)",
			"secure_delete(1)"} { // secure_delete: deleted and overwritten values are zeroed, not left in free pages
			q.Add("_pragma", p)
		}
		if readonly {
			q.Add("_pragma", "query_only(1)")
		}
		q.Set("_txlock", txlock)
		return sqliteURI(path, q)
	}
	w, err := sql.Open("sqlite", dsn("immediate", false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.Ping(); err != nil {
		w.Close()
		return nil, fmt.Errorf("open the SQLite database %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn("deferred", true))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{w: w, r: r, dialect: SQLite}, nil
}

func openPostgres(url string) (*DB, error) {
	p, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(20)
	p.SetConnMaxLifetime(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("connect to PostgreSQL (check --database-url and that the server is running): %w", err)
	}
	return &DB{w: p, r: p, dialect: Postgres}, nil
}

// Dialect tells which engine this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// Close closes both pools.
func (db *DB) Close() error {
	db.audit.once.Do(func() {}) // no writer starts after this
	db.audit.stop()
	db.stopSequencer()
	err := db.w.Close()
	if db.r != db.w {
		if e := db.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Raw returns the writer pool. Only tests (tampering with the audit chain) and
// the backup command use it.
func (db *DB) Raw() *sql.DB { return db.w }
