package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

// Backups read one consistent snapshot of the database and write it back
// into an empty one. SQLite copies itself with VACUUM INTO (a consistent
// file, taken while the server keeps writing); PostgreSQL is exported table
// by table inside one REPEATABLE READ transaction, parents before children,
// and imported the same way. River's job tables and goose's version table
// are left out: a restored server starts with an empty job queue.

// VacuumInto writes a consistent copy of the SQLite database to dest (which
// must not exist) on a connection of its own, so writers carry on meanwhile.
func (db *DB) VacuumInto(ctx context.Context, dest string) error {
	if db.dialect != SQLite {
		return errors.New("store: VACUUM INTO is for SQLite")
	}
	path, err := db.sqlitePath(ctx)
	if err != nil {
		return err
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	c, err := sql.Open("sqlite", sqliteURI(path, q))
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("copy the SQLite database to %s: %w", dest, err)
	}
	return nil
}

// Snapshot runs fn in a read-only transaction that sees one instant of the
// database: REPEATABLE READ on PostgreSQL, a WAL read snapshot on SQLite.
func (db *DB) Snapshot(ctx context.Context, fn func(*Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: db.dialect == Postgres}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	sqlTx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	return fn(&Tx{tx: sqlTx, dialect: db.dialect, seal: db.seal, now: time.Now().UTC(), fields: db.fields})
}

// TableSink receives an exported table: its columns, then each row.
type TableSink interface {
	Table(name string, columns []string) error
	Row(values []any) error
}

// ExportTables streams every backed-up table, parents before children.
func (tx *Tx) ExportTables(ctx context.Context, sink TableSink) error {
	tables, err := tx.BackupTables(ctx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := tx.exportTable(ctx, t, sink); err != nil {
			return fmt.Errorf("export table %s: %w", t, err)
		}
	}
	return nil
}

func (tx *Tx) exportTable(ctx context.Context, table string, sink TableSink) error {
	rows, err := tx.query(ctx, `SELECT * FROM `+quoteIdent(table))
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if err := sink.Table(table, cols); err != nil {
		return err
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := sink.Row(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ClearTables empties every backed-up table, children first: a restore
// replaces the rows a fresh database's migrations seeded.
func (tx *Tx) ClearTables(ctx context.Context) error {
	tables, err := tx.BackupTables(ctx)
	if err != nil {
		return err
	}
	for i := len(tables) - 1; i >= 0; i-- {
		if _, err := tx.exec(ctx, `DELETE FROM `+quoteIdent(tables[i])); err != nil {
			return fmt.Errorf("empty table %s: %w", tables[i], err)
		}
	}
	return nil
}

// ImportRow inserts one exported row. The table and columns must exist in
// this database; anything else is refused rather than spliced into SQL.
func (tx *Tx) ImportRow(ctx context.Context, table string, columns []string, values []any) error {
	known, err := tx.tableColumns(ctx, table)
	if err != nil {
		return err
	}
	quoted := make([]string, len(columns))
	for i, c := range columns {
		if !known[c] {
			return fmt.Errorf("the backup has column %s.%s, which this database does not have; restore with the attune version that made the backup", table, c)
		}
		quoted[i] = quoteIdent(c)
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",")
	_, err = tx.exec(ctx, `INSERT INTO `+quoteIdent(table)+` (`+strings.Join(quoted, ",")+`) VALUES (`+marks+`)`, values...)
	return err
}

// TableCounts counts the rows of every backed-up table.
func (tx *Tx) TableCounts(ctx context.Context) (map[string]int64, error) {
	tables, err := tx.BackupTables(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+quoteIdent(t)).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}

// HoldsData reports whether the database has any account, case or audit
// entry: a restore goes only into a database without.
func (tx *Tx) HoldsData(ctx context.Context) (bool, error) {
	var n int64
	err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM cases) + (SELECT COUNT(*) FROM audit_log)`).Scan(&n)
	return n > 0, err
}

// SchemaVersion is the newest migration applied.
func (tx *Tx) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version`).Scan(&v)
	return v, err
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
