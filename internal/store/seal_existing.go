package store

import (
	"context"
	"fmt"
	"strings"
)

// SealProgress reports the in-place sealing of one column: rows sealed so
// far of the total found in the clear when the column was started.
type SealProgress func(column string, done, total int)

// SealExisting seals, in place, the values of sealed columns still kept in
// the clear (written before the column was sealed), batch rows per
// transaction. It runs at start, after the migrations and once the database
// seals fields (SealFields). A column whose values are all sealed is
// recorded in sealed_columns and skipped from then on. Killed half-way it
// resumes on the next start: a sealed value is never selected again.
func (db *DB) SealExisting(ctx context.Context, batch int, progress SealProgress) error {
	if db.fields == nil {
		return fmt.Errorf("store: SealExisting needs the key ring (SealFields) first")
	}
	done, err := db.sealedColumnsDone(ctx)
	if err != nil {
		return err
	}
	for _, c := range sealedColumnList() {
		name := c.table + "." + c.column
		if done[name] {
			continue
		}
		if err := db.sealColumn(ctx, c, batch, progress); err != nil {
			return fmt.Errorf("seal the existing values of %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) sealedColumnsDone(ctx context.Context) (map[string]bool, error) {
	done := map[string]bool{}
	err := db.View(ctx, func(tx *Tx) error {
		names, err := tx.strings(ctx, `SELECT name FROM sealed_columns`)
		for _, n := range names {
			done[n] = true
		}
		return err
	})
	return done, err
}

// sealColumn seals one column batch by batch, then records it as done.
func (db *DB) sealColumn(ctx context.Context, c sealedColumn, batch int, progress SealProgress) error {
	name := c.table + "." + c.column
	var total int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT COUNT(*) FROM `+c.table+` t WHERE `+tx.inClearCond(c.column)).Scan(&total)
	})
	if err != nil {
		return err
	}
	if err := db.sealLookAlikes(ctx, c, batch); err != nil {
		return err
	}
	for n := 0; n < total; {
		if err := ctx.Err(); err != nil {
			return err
		}
		var got int
		err := db.Update(ctx, func(tx *Tx) error {
			var err error
			got, err = tx.sealBatch(ctx, c, batch)
			return err
		})
		if err != nil {
			return err
		}
		n += got
		if progress != nil {
			progress(name, min(n, total), total)
		}
		if got < batch {
			break
		}
	}
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO sealed_columns (name, sealed_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, ms(tx.now))
		return err
	})
}

// inClearCond selects the rows of t whose column is not a sealed value: one
// without the prefix, too short, or with a character a sealed value never
// has (plain text that merely starts like a sealed value is sealed too).
func (tx *Tx) inClearCond(col string) string {
	col = "t." + col
	if tx.dialect == Postgres {
		return col + ` <> '' AND (` + col + ` !~ '^v[12]\.' OR length(` + col + `) < 40 OR ` + col + ` ~ '[^A-Za-z0-9_.-]')`
	}
	return col + ` <> '' AND (` + col + ` NOT GLOB 'v[12].*' OR length(` + col + `) < 40 OR ` + col + ` GLOB '*[^A-Za-z0-9_.-]*')`
}

// sealBatch seals up to n values of a column in the clear; it returns how many.
func (tx *Tx) sealBatch(ctx context.Context, c sealedColumn, n int) (int, error) {
	todo, err := tx.columnRows(ctx, c, tx.inClearCond(c.column), nil, n)
	if err != nil {
		return 0, err
	}
	for _, r := range todo {
		if err := tx.sealRow(ctx, c, r.key, r.plain, r.caseID); err != nil {
			return 0, err
		}
	}
	return len(todo), nil
}

// columnRow is one row of a sealed column: its key, value and case.
type columnRow struct {
	key           []any
	plain, caseID string
}

// columnRows reads up to n rows of a sealed column matching where (on
// table alias t), in key order.
func (tx *Tx) columnRows(ctx context.Context, c sealedColumn, where string, args []any, n int) ([]columnRow, error) {
	caseOf := "''"
	if c.caseOf != "" {
		caseOf = "COALESCE(" + c.caseOf + ", '')"
	}
	keys := "t." + strings.Join(c.key, ", t.")
	rows, err := tx.query(ctx, `SELECT `+keys+`, t.`+c.column+`, `+caseOf+` FROM `+c.table+` t WHERE `+where+
		` ORDER BY `+keys+` LIMIT ?`, append(args, n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []columnRow
	for rows.Next() {
		r := columnRow{key: make([]any, len(c.key))}
		dest := make([]any, 0, len(c.key)+2)
		for i := range r.key {
			dest = append(dest, &r.key[i])
		}
		if err := rows.Scan(append(dest, &r.plain, &r.caseID)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// sealRow writes one row's sealed value (and its blind index, if it has one).
func (tx *Tx) sealRow(ctx context.Context, c sealedColumn, key []any, plain, caseID string) error {
	v, err := tx.sealCaseText(caseID, c.purpose, plain)
	if err != nil {
		return err
	}
	set, args := c.column+` = ?`, []any{v}
	if index, ok := blindIndexes[c.table+"."+c.column]; ok {
		set += `, ` + index.column + ` = ?`
		args = append(args, index.value(tx, plain))
	}
	where := make([]string, len(c.key))
	for i, k := range c.key {
		where[i] = k + ` = ?`
	}
	_, err = tx.exec(ctx, `UPDATE `+c.table+` SET `+set+` WHERE `+strings.Join(where, " AND "), append(args, key...)...)
	return err
}

// blindIndexColumn is a column holding the blind index of a sealed column.
type blindIndexColumn struct {
	column string
	value  func(tx *Tx, plain string) string
}

// blindIndexes lists the sealed columns that are looked up by a blind index.
var blindIndexes = map[string]blindIndexColumn{
	"family_members.email": {column: "email_index", value: (*Tx).emailIndex},
}
