package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const filmFileCols = `id, film_id, kind, hash, blob_key, wrapped_key, size, created_at`

// AddFilmFile records a film's stored file.
func (tx *Tx) AddFilmFile(ctx context.Context, f *domain.FilmFile) error {
	f.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO film_files (`+filmFileCols+`) VALUES (?,?,?,?,?,?,?,?)`,
		f.ID, f.FilmID, f.Kind, f.Hash, f.BlobKey, f.WrappedKey, f.Size, ms(f.CreatedAt))
	return err
}

// FilmFiles lists a film's stored files of one kind ("" for all), newest first.
func (tx *Tx) FilmFiles(ctx context.Context, filmID, kind string) ([]*domain.FilmFile, error) {
	if kind == "" {
		return tx.filmFiles(ctx, `SELECT `+filmFileCols+` FROM film_files WHERE film_id = ? ORDER BY created_at DESC, id`, filmID)
	}
	return tx.filmFiles(ctx, `SELECT `+filmFileCols+` FROM film_files WHERE film_id = ? AND kind = ? ORDER BY created_at DESC, id`, filmID, kind)
}

// FilmVideo is a film's rendered file; ErrNoRows when it has none.
func (tx *Tx) FilmVideo(ctx context.Context, filmID string) (*domain.FilmFile, error) {
	fs, err := tx.FilmFiles(ctx, filmID, domain.FilmFileVideo)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, ErrNoRows
	}
	return fs[0], nil
}

// FilmSegment is a film's cached segment with this hash; ErrNoRows when none.
func (tx *Tx) FilmSegment(ctx context.Context, filmID, hash string) (*domain.FilmFile, error) {
	fs, err := tx.filmFiles(ctx, `SELECT `+filmFileCols+` FROM film_files WHERE film_id = ? AND kind = 'segment' AND hash = ?
		ORDER BY created_at DESC, id`, filmID, hash)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, ErrNoRows
	}
	return fs[0], nil
}

// DeleteFilmFile removes one film file's row, and so its key.
func (tx *Tx) DeleteFilmFile(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM film_files WHERE id = ?`, id)
	return err
}

// AllFilmFiles lists every film file, for key rotation.
func (tx *Tx) AllFilmFiles(ctx context.Context) ([]*domain.FilmFile, error) {
	return tx.filmFiles(ctx, `SELECT `+filmFileCols+` FROM film_files ORDER BY id`)
}

// SetFilmFileKey replaces a film file's wrapped key (rotation re-wraps it).
func (tx *Tx) SetFilmFileKey(ctx context.Context, id string, wrapped []byte) error {
	_, err := tx.exec(ctx, `UPDATE film_files SET wrapped_key = ? WHERE id = ?`, wrapped, id)
	return err
}

func (tx *Tx) filmFiles(ctx context.Context, q string, args ...any) ([]*domain.FilmFile, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.FilmFile
	for rows.Next() {
		var f domain.FilmFile
		var created int64
		if err := rows.Scan(&f.ID, &f.FilmID, &f.Kind, &f.Hash, &f.BlobKey, &f.WrappedKey, &f.Size, &created); err != nil {
			return nil, err
		}
		f.CreatedAt = fromMS(created)
		out = append(out, &f)
	}
	return out, rows.Err()
}

// FilmRenderJobs counts the job queue's render jobs for a film, in any
// state (a check that asking twice never queues two).
func (tx *Tx) FilmRenderJobs(ctx context.Context, filmID string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'render_film' AND CAST(args AS TEXT) LIKE ?`,
		"%"+filmID+"%").Scan(&n)
	return n, err
}
