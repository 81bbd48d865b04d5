package store

import (
	"context"
	"fmt"
)

// keyGeneration is the erasure generation (migration 00042): servers keep
// case keys between requests only while it stays the same.
func (tx *Tx) keyGeneration(ctx context.Context) (int64, error) {
	var gen int64
	err := tx.queryRow(ctx, `SELECT generation FROM key_generation WHERE id = 1`).Scan(&gen)
	return gen, err
}

// KeysDestroyed counts the erasure generation up: call it in the
// transaction of any erasure that destroys case keys (DeleteCase does), so
// no server opens the case's text with a key it kept from before, from the
// moment the transaction commits.
func (tx *Tx) KeysDestroyed(ctx context.Context) error {
	if _, err := tx.exec(ctx, `UPDATE key_generation SET generation = generation + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("count up the erasure generation: %w", err)
	}
	return nil
}
