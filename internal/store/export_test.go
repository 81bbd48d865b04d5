package store

import (
	"context"
	"strings"
)

// ExecForTest runs one statement, for tests that set up rows as an older
// attune left them.
func (tx *Tx) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := tx.exec(ctx, query, args...)
	return err
}

// MigrationUpdatesForTest runs again the UPDATE statements of one migration's
// Up part (its data catch-up), as they ran on the database of that dialect.
func (tx *Tx) MigrationUpdatesForTest(ctx context.Context, file string) error {
	dir := "migrations/sqlite/"
	if tx.dialect == Postgres {
		dir = "migrations/postgres/"
	}
	b, err := migrations.ReadFile(dir + file)
	if err != nil {
		return err
	}
	up, _, _ := strings.Cut(string(b), "-- +goose Down")
	for _, stmt := range strings.Split(up, ";\n") {
		var lines []string
		for _, l := range strings.Split(stmt, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		if q := strings.TrimSpace(strings.Join(lines, "\n")); strings.HasPrefix(q, "UPDATE") {
			if _, err := tx.tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	return nil
}
