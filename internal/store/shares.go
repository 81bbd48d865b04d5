package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// ShareCase gives a user access to a case; sharing twice is harmless.
func (tx *Tx) ShareCase(ctx context.Context, caseID, userID, by string) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM case_shares WHERE case_id = ? AND user_id = ?`, caseID, userID).Scan(&n); err != nil || n > 0 {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO case_shares (case_id, user_id, created_at, created_by) VALUES (?,?,?,?)`,
		caseID, userID, ms(tx.now), by)
	return err
}

// UnshareCase removes a user's access; false when there was no share.
func (tx *Tx) UnshareCase(ctx context.Context, caseID, userID string) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM case_shares WHERE case_id = ? AND user_id = ?`, caseID, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CaseShares lists who a case is shared with.
func (tx *Tx) CaseShares(ctx context.Context, caseID string) ([]domain.Share, error) {
	rows, err := tx.query(ctx, `SELECT s.user_id, u.name, u.role, s.created_at FROM case_shares s
		JOIN users u ON u.id = s.user_id WHERE s.case_id = ? ORDER BY u.name`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Share
	for rows.Next() {
		var s domain.Share
		var role string
		var at int64
		if err := rows.Scan(&s.UserID, &s.UserName, &role, &at); err != nil {
			return nil, err
		}
		s.Role, s.At = domain.Role(role), fromMS(at)
		out = append(out, s)
	}
	return out, rows.Err()
}
