package store

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

const exportCols = `id, case_id, created_by, created_at, expires_at, blob_key, wrapped_key, size, withheld`

// CreateExport records a subject access export.
func (tx *Tx) CreateExport(ctx context.Context, e *domain.SARExport) error {
	_, err := tx.exec(ctx, `INSERT INTO sar_exports (`+exportCols+`) VALUES (?,?,?,?,?,?,?,?,?)`,
		e.ID, e.CaseID, e.CreatedBy, ms(e.CreatedAt), ms(e.ExpiresAt), e.BlobKey, e.WrappedKey, e.Size, e.Withheld)
	return err
}

// ExportByID finds one export.
func (tx *Tx) ExportByID(ctx context.Context, id string) (*domain.SARExport, error) {
	es, err := tx.exports(ctx, `WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, ErrNoRows
	}
	return es[0], nil
}

// ExpiredExportsAt lists exports past their time at now.
func (tx *Tx) ExpiredExportsAt(ctx context.Context, now time.Time) ([]*domain.SARExport, error) {
	return tx.exports(ctx, `WHERE expires_at <= ? ORDER BY expires_at`, ms(now))
}

// ExportKeys lists the blob keys of every export still recorded.
func (tx *Tx) ExportKeys(ctx context.Context) ([]string, error) {
	return tx.strings(ctx, `SELECT blob_key FROM sar_exports ORDER BY blob_key`)
}

// DeleteExport removes an export's row, and so its key.
func (tx *Tx) DeleteExport(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM sar_exports WHERE id = ?`, id)
	return err
}

func (tx *Tx) exports(ctx context.Context, tail string, args ...any) ([]*domain.SARExport, error) {
	rows, err := tx.query(ctx, `SELECT `+exportCols+` FROM sar_exports `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.SARExport
	for rows.Next() {
		var e domain.SARExport
		var created, expires int64
		if err := rows.Scan(&e.ID, &e.CaseID, &e.CreatedBy, &created, &expires, &e.BlobKey, &e.WrappedKey, &e.Size, &e.Withheld); err != nil {
			return nil, err
		}
		e.CreatedAt, e.ExpiresAt = fromMS(created), fromMS(expires)
		out = append(out, &e)
	}
	return out, rows.Err()
}
