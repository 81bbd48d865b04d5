package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// UploadPart is one staged part of an unfinished upload: plaintext bytes
// [Start, Start+Length) sealed in the blob store under Key.
type UploadPart struct {
	Upload  string
	Start   int64
	Length  int64
	Key     string
	SHA256  string // hex SHA-256 of the part's plaintext
	Created time.Time
}

// ErrPartConflict reports a part that does not start where the upload's
// committed parts end: another request added to the upload meanwhile.
var ErrPartConflict = domain.Errorf(domain.ECONFLICT,
	"Another request added to this upload at the same time. Ask the server for the upload's offset (HEAD) and continue from there.")

// UploadParts returns the parts of an upload in order.
func (db *DB) UploadParts(ctx context.Context, uploadID string) ([]UploadPart, error) {
	var parts []UploadPart
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT upload_id, start_offset, length, object_key, sha256, created_at
			FROM upload_parts WHERE upload_id = ? ORDER BY start_offset`, uploadID)
		if err != nil {
			return err
		}
		parts, err = scanUploadParts(rows)
		return err
	})
	return parts, err
}

func scanUploadParts(rows *sql.Rows) ([]UploadPart, error) {
	defer rows.Close()
	var parts []UploadPart
	for rows.Next() {
		var p UploadPart
		var created int64
		if err := rows.Scan(&p.Upload, &p.Start, &p.Length, &p.Key, &p.SHA256, &created); err != nil {
			return nil, err
		}
		p.Created = fromMS(created)
		parts = append(parts, p)
	}
	return parts, rows.Err()
}

// AddUploadPart records a staged part. It fails with ErrPartConflict
// unless the part starts exactly where the upload's parts end.
func (db *DB) AddUploadPart(ctx context.Context, p UploadPart) error {
	err := db.Update(ctx, func(tx *Tx) error {
		var end int64
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(start_offset + length), 0) FROM upload_parts WHERE upload_id = ?`,
			p.Upload).Scan(&end); err != nil {
			return err
		}
		if end != p.Start {
			return ErrPartConflict
		}
		_, err := tx.exec(ctx, `INSERT INTO upload_parts (upload_id, start_offset, length, object_key, sha256, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, p.Upload, p.Start, p.Length, p.Key, p.SHA256, ms(p.Created))
		return err
	})
	if err != nil && !errors.Is(err, ErrPartConflict) && db.partExists(ctx, p) {
		return ErrPartConflict // lost a race on the primary key
	}
	return err
}

// partExists reports whether some part of p's upload starts where p does.
func (db *DB) partExists(ctx context.Context, p UploadPart) bool {
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT COUNT(*) FROM upload_parts WHERE upload_id = ? AND start_offset = ?`,
			p.Upload, p.Start).Scan(&n)
	})
	return err == nil && n > 0
}

// DeleteUploadParts forgets every part of an upload.
func (db *DB) DeleteUploadParts(ctx context.Context, uploadID string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM upload_parts WHERE upload_id = ?`, uploadID)
		return err
	})
}

// UploadPartKeys returns the object keys of every recorded part, for
// sweeping staged objects that no part records.
func (db *DB) UploadPartKeys(ctx context.Context) (map[string]bool, error) {
	keys := map[string]bool{}
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT object_key FROM upload_parts`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return err
			}
			keys[k] = true
		}
		return rows.Err()
	})
	return keys, err
}

// uploadLockClass is the first key of the two-key PostgreSQL advisory
// locks that serialize requests to one upload (a constant, "tus\x01").
const uploadLockClass = 0x74757301

// TryUploadLock takes the PostgreSQL advisory lock of an upload on a
// connection of its own, without waiting. ok is false if another session
// holds it. unlock releases it; if this process dies, PostgreSQL releases
// it with the connection. On SQLite (one server) it returns an error:
// use an in-process lock there.
func (db *DB) TryUploadLock(ctx context.Context, uploadID string) (unlock func(), ok bool, err error) {
	if db.dialect != Postgres {
		return nil, false, errors.New("store: upload advisory locks need PostgreSQL")
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("store: connection for an upload lock: %w", err)
	}
	h := fnv.New32a()
	h.Write([]byte(uploadID))
	obj := int32(h.Sum32())
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, $2)`, uploadLockClass, obj).Scan(&ok); err != nil || !ok {
		conn.Close()
		return nil, false, err
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1, $2)`, uploadLockClass, obj); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // never pool a conn still holding the lock
		}
		conn.Close()
	}, true, nil
}
