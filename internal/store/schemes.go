package store

import (
	"context"
	"encoding/json"

	"github.com/attune-vig/attune/internal/domain"
)

const schemeCols = `id, name, is_default, codes, version, created_at, updated_at`

// CreateScheme inserts a coding scheme; a taken name is ECONFLICT.
func (tx *Tx) CreateScheme(ctx context.Context, s *domain.Scheme) error {
	codes, err := json.Marshal(s.Codes)
	if err != nil {
		return err
	}
	s.CreatedAt, s.UpdatedAt, s.Version = tx.now, tx.now, 1
	_, err = tx.exec(ctx, `INSERT INTO schemes (`+schemeCols+`) VALUES (?,?,?,?,?,?,?)`,
		s.ID, s.Name, boolInt(s.IsDefault), string(codes), s.Version, ms(s.CreatedAt), ms(s.UpdatedAt))
	return schemeNameTaken(err)
}

// UpdateScheme writes a scheme's name and codes if it is still at version
// s.Version, and bumps it; it reports whether the row was at that version.
func (tx *Tx) UpdateScheme(ctx context.Context, s *domain.Scheme) (bool, error) {
	codes, err := json.Marshal(s.Codes)
	if err != nil {
		return false, err
	}
	res, err := tx.exec(ctx, `UPDATE schemes SET name=?, codes=?, version=version+1, updated_at=? WHERE id=? AND version=?`,
		s.Name, string(codes), ms(tx.now), s.ID, s.Version)
	if err != nil {
		return false, schemeNameTaken(err)
	}
	n, err := res.RowsAffected()
	if n == 1 {
		s.Version++
		s.UpdatedAt = tx.now
	}
	return n == 1, err
}

func schemeNameTaken(err error) error {
	if isUniqueViolation(err) {
		return domain.FieldError("name", "Another coding scheme already has this name. Choose a different name.")
	}
	return err
}

// SchemeByID finds a scheme; ErrNoRows when there is none.
func (tx *Tx) SchemeByID(ctx context.Context, id string) (*domain.Scheme, error) {
	return scanScheme(tx.queryRow(ctx, `SELECT `+schemeCols+` FROM schemes WHERE id = ?`, id))
}

// Schemes lists every scheme, the default first, then by name.
func (tx *Tx) Schemes(ctx context.Context) ([]*domain.Scheme, error) {
	rows, err := tx.query(ctx, `SELECT `+schemeCols+` FROM schemes ORDER BY is_default DESC, name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Scheme
	for rows.Next() {
		s, err := scanScheme(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SchemeCodesInUse counts, per code, the live annotations and the clips of a
// scheme that carry it.
func (tx *Tx) SchemeCodesInUse(ctx context.Context, schemeID string) (map[string]int, error) {
	rows, err := tx.query(ctx, `SELECT code, COUNT(*) FROM annotations WHERE scheme_id = ? AND deleted = 0 GROUP BY code
		UNION ALL
		SELECT cc.code, COUNT(*) FROM clip_codes cc JOIN clips c ON c.id = cc.clip_id WHERE c.scheme_id = ? GROUP BY cc.code`,
		schemeID, schemeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] += n
	}
	return out, rows.Err()
}

func scanScheme(row interface{ Scan(...any) error }) (*domain.Scheme, error) {
	var s domain.Scheme
	var isDefault int
	var codes string
	var created, updated int64
	if err := row.Scan(&s.ID, &s.Name, &isDefault, &codes, &s.Version, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(codes), &s.Codes); err != nil {
		return nil, err
	}
	s.IsDefault, s.CreatedAt, s.UpdatedAt = isDefault == 1, fromMS(created), fromMS(updated)
	return &s, nil
}
