package store

import (
	"context"
	"fmt"
)

// riverMigrationLock is the PostgreSQL advisory lock key held while River's
// own tables are migrated ("attune river migrate" in ASCII, folded to 63 bits).
const riverMigrationLock int64 = 0x61747475_6e657276 >> 1

// WithJobsMigrationLock runs migrate while no other attune process on this
// PostgreSQL database runs its own: several servers starting at once after
// an install or an upgrade would otherwise create River's tables at the
// same time and all but one fail. The lock is a session lock on one
// connection, released when migrate returns or the connection dies. On
// SQLite (one process) migrate simply runs.
func (db *DB) WithJobsMigrationLock(ctx context.Context, migrate func() error) error {
	if db.dialect != Postgres {
		return migrate()
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("take a database connection to lock the job queue's migrations: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, riverMigrationLock); err != nil {
		return fmt.Errorf("wait for another server migrating the job queue's tables: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, riverMigrationLock)
	return migrate()
}
