package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const fileCols = `id, recording_id, kind, blob_key, wrapped_key, size, content_type, created_at`

// AddFile records a stored file. Replacing a kind (a re-run of processing)
// is done by deleting the old row first.
func (tx *Tx) AddFile(ctx context.Context, f *domain.StoredFile) error {
	f.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO stored_files (`+fileCols+`) VALUES (?,?,?,?,?,?,?,?)`,
		f.ID, f.RecordingID, f.Kind, f.BlobKey, f.WrappedKey, f.Size, f.ContentType, ms(f.CreatedAt))
	return err
}

// RecordingFiles lists a recording's stored files.
func (tx *Tx) RecordingFiles(ctx context.Context, recordingID string) ([]*domain.StoredFile, error) {
	return tx.files(ctx, `SELECT `+fileCols+` FROM stored_files WHERE recording_id = ? ORDER BY kind, id`, recordingID)
}

// FileOfKind finds a recording's file of one kind; ErrNoRows when absent.
func (tx *Tx) FileOfKind(ctx context.Context, recordingID, kind string) (*domain.StoredFile, error) {
	fs, err := tx.files(ctx, `SELECT `+fileCols+` FROM stored_files WHERE recording_id = ? AND kind = ? ORDER BY created_at DESC LIMIT 1`, recordingID, kind)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, ErrNoRows
	}
	return fs[0], nil
}

// DeleteFile removes one stored file's row, and so its key.
func (tx *Tx) DeleteFile(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM stored_files WHERE id = ?`, id)
	return err
}

// AllFiles lists every stored file, for key rotation and orphan sweeps.
func (tx *Tx) AllFiles(ctx context.Context) ([]*domain.StoredFile, error) {
	return tx.files(ctx, `SELECT `+fileCols+` FROM stored_files ORDER BY id`)
}

// SetWrappedKey replaces a file's wrapped key (rotation re-wraps it).
func (tx *Tx) SetWrappedKey(ctx context.Context, id string, wrapped []byte) error {
	_, err := tx.exec(ctx, `UPDATE stored_files SET wrapped_key = ? WHERE id = ?`, wrapped, id)
	return err
}

func (tx *Tx) files(ctx context.Context, q string, args ...any) ([]*domain.StoredFile, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.StoredFile
	for rows.Next() {
		var f domain.StoredFile
		var created int64
		if err := rows.Scan(&f.ID, &f.RecordingID, &f.Kind, &f.BlobKey, &f.WrappedKey, &f.Size, &f.ContentType, &created); err != nil {
			return nil, err
		}
		f.CreatedAt = fromMS(created)
		out = append(out, &f)
	}
	return out, rows.Err()
}
