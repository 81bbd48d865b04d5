package upload

import (
	"context"

	dbstore "github.com/attune-vig/attune/internal/store"
)

// DBParts records staged parts in the application database.
func DBParts(db *dbstore.DB) Parts { return dbParts{db} }

type dbParts struct{ db *dbstore.DB }

func (d dbParts) List(ctx context.Context, id string) ([]Part, error) {
	rows, err := d.db.UploadParts(ctx, id)
	parts := make([]Part, len(rows))
	for i, r := range rows {
		parts[i] = Part{Start: r.Start, Length: r.Length, Key: r.Key, SHA256: r.SHA256, Created: r.Created}
	}
	return parts, err
}

func (d dbParts) Add(ctx context.Context, id string, p Part) error {
	return d.db.AddUploadPart(ctx, dbstore.UploadPart{Upload: id, Start: p.Start, Length: p.Length, Key: p.Key,
		SHA256: p.SHA256, Created: p.Created})
}

func (d dbParts) Delete(ctx context.Context, id string) error { return d.db.DeleteUploadParts(ctx, id) }

func (d dbParts) Keys(ctx context.Context) (map[string]bool, error) { return d.db.UploadPartKeys(ctx) }

// DBLocker returns the Locker for uploads on db: a PostgreSQL advisory
// lock, held by one server at a time, on PostgreSQL; an in-process lock
// on SQLite (one server).
func DBLocker(db *dbstore.DB) Locker {
	if db.Dialect() == dbstore.Postgres {
		return pgLocker{db}
	}
	return NewMemLocker()
}

type pgLocker struct{ db *dbstore.DB }

func (l pgLocker) TryLock(ctx context.Context, id string) (func(), bool, error) {
	return l.db.TryUploadLock(ctx, id)
}
