package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const familyMediaCols = `id, kind, name, content_type, blob_key, wrapped_key, size, created_by, created_at`

// AddFamilyMedia records a Resources picture or video whose bytes are safe.
func (tx *Tx) AddFamilyMedia(ctx context.Context, m *domain.FamilyMedia) error {
	m.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO family_media (`+familyMediaCols+`) VALUES (?,?,?,?,?,?,?,?,?)`,
		m.ID, m.Kind, m.Name, m.ContentType, m.BlobKey, m.WrappedKey, m.Size, m.CreatedBy, ms(m.CreatedAt))
	return err
}

// FamilyMediaByID finds an uploaded file; ErrNoRows when there is none.
func (tx *Tx) FamilyMediaByID(ctx context.Context, id string) (*domain.FamilyMedia, error) {
	return scanFamilyMedia(tx.queryRow(ctx, `SELECT `+familyMediaCols+` FROM family_media WHERE id = ?`, id))
}

// AllFamilyMedia lists the uploaded files, newest first.
func (tx *Tx) AllFamilyMedia(ctx context.Context) ([]*domain.FamilyMedia, error) {
	rows, err := tx.query(ctx, `SELECT `+familyMediaCols+` FROM family_media ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.FamilyMedia
	for rows.Next() {
		m, err := scanFamilyMedia(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetFamilyMediaKey stores a re-wrapped file key (key rotation).
func (tx *Tx) SetFamilyMediaKey(ctx context.Context, id string, wrapped []byte) error {
	_, err := tx.exec(ctx, `UPDATE family_media SET wrapped_key = ? WHERE id = ?`, wrapped, id)
	return err
}

// DeleteFamilyMedia forgets an uploaded file.
func (tx *Tx) DeleteFamilyMedia(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM family_media WHERE id = ?`, id)
	return err
}

func scanFamilyMedia(row interface{ Scan(...any) error }) (*domain.FamilyMedia, error) {
	var m domain.FamilyMedia
	var created int64
	if err := row.Scan(&m.ID, &m.Kind, &m.Name, &m.ContentType, &m.BlobKey, &m.WrappedKey, &m.Size, &m.CreatedBy, &created); err != nil {
		return nil, err
	}
	m.CreatedAt = fromMS(created)
	return &m, nil
}

// PutFamilyLocale stores (or replaces) a language a service added.
func (tx *Tx) PutFamilyLocale(ctx context.Context, l *domain.FamilyLocale) error {
	l.UpdatedAt = tx.now
	if _, err := tx.exec(ctx, `DELETE FROM family_locales WHERE lang = ?`, l.Lang); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO family_locales (lang, name, catalogue, updated_by, updated_at) VALUES (?,?,?,?,?)`,
		l.Lang, l.Name, l.Catalogue, l.UpdatedBy, ms(l.UpdatedAt))
	return err
}

// FamilyLocales lists the added languages.
func (tx *Tx) FamilyLocales(ctx context.Context) ([]*domain.FamilyLocale, error) {
	rows, err := tx.query(ctx, `SELECT lang, name, catalogue, updated_by, updated_at FROM family_locales ORDER BY lang`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.FamilyLocale
	for rows.Next() {
		var l domain.FamilyLocale
		var at int64
		if err := rows.Scan(&l.Lang, &l.Name, &l.Catalogue, &l.UpdatedBy, &at); err != nil {
			return nil, err
		}
		l.UpdatedAt = fromMS(at)
		out = append(out, &l)
	}
	return out, rows.Err()
}

// DeleteFamilyLocale removes an added language.
func (tx *Tx) DeleteFamilyLocale(ctx context.Context, lang string) error {
	_, err := tx.exec(ctx, `DELETE FROM family_locales WHERE lang = ?`, lang)
	return err
}
