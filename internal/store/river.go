package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
)

// SQL exposes the transaction to the job queue (River), so a job is inserted
// atomically with the rows that call for it. Nothing else should use it.
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

// OpenJobsPool returns the *sql.DB the job queue (River) runs on, and a
// function that releases it.
//
// On PostgreSQL that is the shared pool (release does nothing). On SQLite it
// is a second handle to the same file, with the same pragmas and one
// connection taking write locks at BEGIN (IMMEDIATE): River polls for work
// every 50 ms and would otherwise queue behind, and in front of, every
// request on the store's single writer connection. The two handles take
// turns through SQLite's lock, waiting up to the busy timeout.
func (db *DB) OpenJobsPool(ctx context.Context) (*sql.DB, func() error, error) {
	if db.dialect == Postgres {
		return db.w, func() error { return nil }, nil
	}
	path, err := db.sqlitePath(ctx)
	if err != nil {
		return nil, nil, err
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(10000)", "secure_delete(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	p, err := sql.Open("sqlite", sqliteURI(path, q))
	if err != nil {
		return nil, nil, err
	}
	p.SetMaxOpenConns(1)
	p.SetConnMaxIdleTime(0)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, nil, fmt.Errorf("open the SQLite database %s for the job queue: %w", path, err)
	}
	return p, p.Close, nil
}

// sqlitePath asks SQLite which file the main database is.
func (db *DB) sqlitePath(ctx context.Context) (string, error) {
	var seq int
	var name, file string
	err := db.w.QueryRowContext(ctx, `SELECT seq, name, file FROM pragma_database_list WHERE name = 'main'`).Scan(&seq, &name, &file)
	if err != nil {
		return "", fmt.Errorf("find the SQLite database file: %w", err)
	}
	if file == "" {
		return "", fmt.Errorf("the job queue needs an SQLite database in a file, not in memory")
	}
	return file, nil
}
