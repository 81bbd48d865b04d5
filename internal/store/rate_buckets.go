package store

import (
	"context"
	"time"
)

// TakeToken reads the bucket key (a new one holds full tokens, last seen at
// now), lets take decide, and stores what take returns, all in one
// transaction: concurrent callers on any server see each other's takes.
func (db *DB) TakeToken(ctx context.Context, key string, full float64, now time.Time,
	take func(tokens float64, last time.Time) (float64, time.Time, bool)) (bool, error) {
	var ok bool
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO rate_buckets (key, tokens, at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO NOTHING`, key, full, ms(now)); err != nil {
			return err
		}
		lock := ""
		if tx.dialect == Postgres {
			lock = " FOR UPDATE"
		}
		var tokens float64
		var at int64
		if err := tx.queryRow(ctx, `SELECT tokens, at FROM rate_buckets WHERE key = ?`+lock, key).Scan(&tokens, &at); err != nil {
			return err
		}
		var last time.Time
		tokens, last, ok = take(tokens, fromMS(at))
		_, err := tx.exec(ctx, `UPDATE rate_buckets SET tokens = ?, at = ? WHERE key = ?`, tokens, ms(last), key)
		return err
	})
	return ok, err
}

// ForgetBuckets drops the buckets whose key starts with prefix and that were
// untouched since before: they are full again, the same as no bucket.
func (db *DB) ForgetBuckets(ctx context.Context, prefix string, before time.Time) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM rate_buckets WHERE at < ? AND substr(key, 1, ?) = ?`, ms(before), len(prefix), prefix)
		return err
	})
}
