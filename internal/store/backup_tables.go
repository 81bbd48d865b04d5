package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// BackupTables lists the tables a backup holds, each after the tables its
// foreign keys point at (ties in name order, so the order is stable).
func (tx *Tx) BackupTables(ctx context.Context) ([]string, error) {
	names, err := tx.strings(ctx, tx.tablesQuery())
	if err != nil {
		return nil, err
	}
	var tables []string
	for _, n := range names {
		if n != "goose_db_version" && !strings.HasPrefix(n, "river_") && !strings.HasPrefix(n, "sqlite_") {
			tables = append(tables, n)
		}
	}
	sort.Strings(tables)
	in := map[string]bool{}
	for _, t := range tables {
		in[t] = true
	}
	parents := map[string][]string{}
	for _, t := range tables {
		ps, err := tx.parentTables(ctx, t)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if in[p] && p != t {
				parents[t] = append(parents[t], p)
			}
		}
	}
	return dependencyOrder(tables, parents)
}

func (tx *Tx) tablesQuery() string {
	if tx.dialect == Postgres {
		return `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	return `SELECT name FROM sqlite_master WHERE type = 'table'`
}

// parentTables names the tables table's foreign keys refer to.
func (tx *Tx) parentTables(ctx context.Context, table string) ([]string, error) {
	if tx.dialect == Postgres {
		return tx.strings(ctx, `SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc
			JOIN information_schema.constraint_column_usage ccu
			  ON tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema
			WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = ?`, table)
	}
	return tx.strings(ctx, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, table)
}

// tableColumns names the columns of a table in this database.
func (tx *Tx) tableColumns(ctx context.Context, table string) (map[string]bool, error) {
	q := `SELECT name FROM pragma_table_info(?)`
	if tx.dialect == Postgres {
		q = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`
	}
	cols, err := tx.strings(ctx, q, table)
	if err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("the backup has table %s, which this database does not have; restore with the attune version that made the backup", table)
	}
	out := make(map[string]bool, len(cols))
	for _, c := range cols {
		out[c] = true
	}
	return out, nil
}

func (tx *Tx) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// dependencyOrder sorts tables so that every table follows its parents
// (parents outside tables, and self-references, already left out).
func dependencyOrder(tables []string, parents map[string][]string) ([]string, error) {
	done := map[string]bool{}
	var out []string
	for len(out) < len(tables) {
		progressed := false
		for _, t := range tables {
			if done[t] || !allDone(parents[t], done) {
				continue
			}
			done[t], progressed = true, true
			out = append(out, t)
		}
		if !progressed {
			return nil, fmt.Errorf("store: the tables' foreign keys form a cycle; cannot order a backup")
		}
	}
	return out, nil
}

func allDone(parents []string, done map[string]bool) bool {
	for _, p := range parents {
		if !done[p] {
			return false
		}
	}
	return true
}
