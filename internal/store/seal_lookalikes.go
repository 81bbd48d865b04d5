package store

import (
	"context"
	"strings"
)

// sealLookAlikes seals the values of a column that look sealed by their
// shape but are not: plain text starting like a sealed value, long and
// with only base64 letters. Each value of that shape is opened once; one
// the vault calls malformed is plain text, and is sealed. The table is
// walked once, in key order, batch rows per transaction.
func (db *DB) sealLookAlikes(ctx context.Context, c sealedColumn, batch int) error {
	var after []any
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var got int
		err := db.Update(ctx, func(tx *Tx) error {
			var err error
			after, got, err = tx.lookAlikeBatch(ctx, c, after, batch)
			return err
		})
		if err != nil || got < batch {
			return err
		}
	}
}

// lookAlikeBatch checks up to n values of sealed shape after the key
// after; it returns the last key seen and how many rows it read.
func (tx *Tx) lookAlikeBatch(ctx context.Context, c sealedColumn, after []any, n int) ([]any, int, error) {
	where := `t.` + c.column + ` <> '' AND NOT (` + tx.inClearCond(c.column) + `)`
	if after != nil {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(after)), ",")
		where += ` AND (t.` + strings.Join(c.key, ", t.") + `) > (` + marks + `)`
	}
	rows, err := tx.columnRows(ctx, c, where, append([]any{}, after...), n)
	if err != nil || len(rows) == 0 {
		return after, 0, err
	}
	for _, r := range rows {
		_, err := tx.openField(c.purpose, r.plain)
		if err == nil || !strings.Contains(err.Error(), "malformed") {
			continue // sealed (or sealed with a key this attune lacks: left as it is)
		}
		if err := tx.sealRow(ctx, c, r.key, r.plain, r.caseID); err != nil {
			return after, 0, err
		}
	}
	return rows[len(rows)-1].key, len(rows), nil
}
