package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

const filmCols = `id, case_id, cycle, title, version, status, progress, error, job_id, rendered_version,
	segments_made, segments_reused, format, released_at, released_by, next_steps, created_by, created_at, updated_at,
	released_file`

// CreateFilm inserts a film with its items.
func (tx *Tx) CreateFilm(ctx context.Context, f *domain.Film) error {
	f.CreatedAt, f.UpdatedAt = tx.now, tx.now
	v, err := tx.sealEach(f.CaseID, fieldFilmTitle, f.Title, fieldFilmNextSteps, f.NextSteps)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO films (`+filmCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		f.ID, f.CaseID, f.Cycle, v[0], f.Version, f.Status, f.Progress, f.Error, f.JobID, f.RenderedVersion,
		f.SegmentsMade, f.SegmentsReused, f.Format, nullMS(f.ReleasedAt), f.ReleasedBy, v[1], f.CreatedBy,
		ms(f.CreatedAt), ms(f.UpdatedAt), f.ReleasedFile)
	if err != nil {
		return err
	}
	return tx.insertFilmItems(ctx, f)
}

// UpdateFilm writes a film's title and items if it is still at version
// f.Version-1 (the caller has bumped it); false when another change came first.
func (tx *Tx) UpdateFilm(ctx context.Context, f *domain.Film) (bool, error) {
	f.UpdatedAt = tx.now
	caseID, err := tx.caseOf(ctx, caseOfFilm, f.ID)
	if err != nil {
		return false, err
	}
	title, err := tx.sealCaseText(caseID, fieldFilmTitle, f.Title)
	if err != nil {
		return false, err
	}
	res, err := tx.exec(ctx, `UPDATE films SET title=?, version=?, cycle=?, updated_at=? WHERE id=? AND version=?`,
		title, f.Version, f.Cycle, ms(f.UpdatedAt), f.ID, f.Version-1)
	ok, err := oneRow(res, err)
	if !ok || err != nil {
		return ok, err
	}
	if _, err := tx.exec(ctx, `DELETE FROM film_items WHERE film_id = ?`, f.ID); err != nil {
		return false, err
	}
	return true, tx.insertFilmItems(ctx, f)
}

// SetFilmState writes a film's render state: status, progress, error, job,
// what the last render made and reused, and its format.
func (tx *Tx) SetFilmState(ctx context.Context, f *domain.Film) error {
	_, err := tx.exec(ctx, `UPDATE films SET status=?, progress=?, error=?, job_id=?, rendered_version=?, segments_made=?,
		segments_reused=?, format=? WHERE id=?`, f.Status, f.Progress, f.Error, f.JobID, f.RenderedVersion, f.SegmentsMade,
		f.SegmentsReused, f.Format, f.ID)
	return err
}

// ClaimFilmRender marks a film queued for a render, unless one is already
// queued or under way; false then (another request came first).
func (tx *Tx) ClaimFilmRender(ctx context.Context, id string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE films SET status='queued', progress=0, error='' WHERE id=? AND status NOT IN ('queued','rendering')`, id)
	return oneRow(res, err)
}

// SetFilmProgress records how far a render is, unless the film has left
// "rendering" meanwhile (cancelled); false then.
func (tx *Tx) SetFilmProgress(ctx context.Context, id string, progress float64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE films SET progress=? WHERE id=? AND status='rendering'`, progress, id)
	return oneRow(res, err)
}

// SetFilmRelease records the film as released to the family (or withdrawn, with nil).
func (tx *Tx) SetFilmRelease(ctx context.Context, id string, at *time.Time, by string) error {
	_, err := tx.exec(ctx, `UPDATE films SET released_at=?, released_by=? WHERE id=?`, nullMS(at), by, id)
	return err
}

// SetFilmReleasedFile records which rendered file the family sees ("" for none).
func (tx *Tx) SetFilmReleasedFile(ctx context.Context, id, fileID string) error {
	_, err := tx.exec(ctx, `UPDATE films SET released_file=? WHERE id=?`, fileID, id)
	return err
}

// SetFilmNextSteps records what the family wants to try next.
func (tx *Tx) SetFilmNextSteps(ctx context.Context, id, steps string) error {
	caseID, err := tx.caseOf(ctx, caseOfFilm, id)
	if err != nil {
		return err
	}
	if steps, err = tx.sealCaseText(caseID, fieldFilmNextSteps, steps); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE films SET next_steps=?, updated_at=? WHERE id=?`, steps, ms(tx.now), id)
	return err
}

// DeleteFilm removes a film with its items, words and file rows (the
// caller deletes the bytes).
func (tx *Tx) DeleteFilm(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM films WHERE id = ?`, id)
	return err
}

// FilmByID loads a film with its items and words; ErrNoRows when absent.
func (tx *Tx) FilmByID(ctx context.Context, id string) (*domain.Film, error) {
	f, err := scanFilm(tx.queryRow(ctx, `SELECT `+filmCols+` FROM films WHERE id = ?`, id))
	if err == nil {
		err = tx.openEach(fieldFilmTitle, &f.Title, fieldFilmNextSteps, &f.NextSteps)
	}
	if err != nil {
		return nil, err
	}
	return f, tx.filmDetail(ctx, f)
}

// CaseFilms lists a case's films, oldest first, with items and words.
func (tx *Tx) CaseFilms(ctx context.Context, caseID string) ([]*domain.Film, error) {
	rows, err := tx.query(ctx, `SELECT `+filmCols+` FROM films WHERE case_id = ? ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, err
	}
	var out []*domain.Film
	for rows.Next() {
		f, err := scanFilm(rows)
		if err == nil {
			err = tx.openEach(fieldFilmTitle, &f.Title, fieldFilmNextSteps, &f.NextSteps)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, f := range out {
		if err := tx.filmDetail(ctx, f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FilmsUsingClip names the films (titles, oldest first) that show a clip.
func (tx *Tx) FilmsUsingClip(ctx context.Context, clipID string) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT DISTINCT f.title, f.created_at FROM films f JOIN film_items i ON i.film_id = f.id
		WHERE i.clip_id = ? ORDER BY f.created_at`, clipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var title string
		var at int64
		if err := rows.Scan(&title, &at); err != nil {
			return nil, err
		}
		if err := tx.openText(fieldFilmTitle, &title); err != nil {
			return nil, err
		}
		out = append(out, title)
	}
	return out, rows.Err()
}

func (tx *Tx) insertFilmItems(ctx context.Context, f *domain.Film) error {
	caseID, err := f.CaseID, error(nil)
	if caseID == "" {
		if caseID, err = tx.caseOf(ctx, caseOfFilm, f.ID); err != nil {
			return err
		}
	}
	for i, it := range f.Items {
		v, err := tx.sealEach(caseID, fieldTitleCard, it.Text, fieldItemCaption, it.Caption)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO film_items (film_id, id, position, kind, text, seconds, clip_id, still_id, speed, caption)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, f.ID, it.ID, i, it.Kind, v[0], it.Seconds, it.ClipID, it.StillID, it.Speed, v[1]); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) filmDetail(ctx context.Context, f *domain.Film) error {
	rows, err := tx.query(ctx, `SELECT id, kind, text, seconds, clip_id, still_id, speed, caption FROM film_items
		WHERE film_id = ? ORDER BY position`, f.ID)
	if err != nil {
		return err
	}
	f.Items = []domain.FilmItem{}
	for rows.Next() {
		var it domain.FilmItem
		err := rows.Scan(&it.ID, &it.Kind, &it.Text, &it.Seconds, &it.ClipID, &it.StillID, &it.Speed, &it.Caption)
		if err == nil {
			err = tx.openEach(fieldTitleCard, &it.Text, fieldItemCaption, &it.Caption)
		}
		if err != nil {
			rows.Close()
			return err
		}
		f.Items = append(f.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	f.Words, err = tx.FilmWords(ctx, f.ID)
	return err
}

func scanFilm(s interface{ Scan(...any) error }) (*domain.Film, error) {
	var f domain.Film
	var released sql.NullInt64
	var created, updated int64
	if err := s.Scan(&f.ID, &f.CaseID, &f.Cycle, &f.Title, &f.Version, &f.Status, &f.Progress, &f.Error, &f.JobID,
		&f.RenderedVersion, &f.SegmentsMade, &f.SegmentsReused, &f.Format, &released, &f.ReleasedBy, &f.NextSteps,
		&f.CreatedBy, &created, &updated, &f.ReleasedFile); err != nil {
		return nil, err
	}
	f.ReleasedAt, f.CreatedAt, f.UpdatedAt = fromNullMS(released), fromMS(created), fromMS(updated)
	return &f, nil
}
