package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// PutNote writes (or replaces) one of a case's notes.
func (tx *Tx) PutNote(ctx context.Context, n *domain.Note) error {
	n.UpdatedAt = tx.now
	if _, err := tx.exec(ctx, `DELETE FROM case_notes WHERE case_id = ? AND kind = ?`, n.CaseID, n.Kind); err != nil {
		return err
	}
	body, err := tx.sealCaseText(n.CaseID, fieldNote, n.Body)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO case_notes (case_id, kind, body, updated_by, updated_at) VALUES (?,?,?,?,?)`,
		n.CaseID, n.Kind, body, n.UpdatedBy, ms(n.UpdatedAt))
	return err
}

// CaseNotes returns a case's notes by kind.
func (tx *Tx) CaseNotes(ctx context.Context, caseID string) (map[string]*domain.Note, error) {
	rows, err := tx.query(ctx, `SELECT case_id, kind, body, updated_by, updated_at FROM case_notes WHERE case_id = ?`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*domain.Note{}
	for rows.Next() {
		var n domain.Note
		var at int64
		if err := rows.Scan(&n.CaseID, &n.Kind, &n.Body, &n.UpdatedBy, &at); err != nil {
			return nil, err
		}
		if err := tx.openText(fieldNote, &n.Body); err != nil {
			return nil, err
		}
		n.UpdatedAt = fromMS(at)
		out[n.Kind] = &n
	}
	return out, rows.Err()
}
