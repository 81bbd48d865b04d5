package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// UserBySSOSubject finds the account linked to a provider's subject
// ("<issuer> <sub>"); ErrNoRows when none is.
func (tx *Tx) UserBySSOSubject(ctx context.Context, subject string) (*domain.User, error) {
	return scanUser(tx.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE sso_subject = ?`, subject))
}

// LinkSSOSubject links an account to a provider's subject.
func (tx *Tx) LinkSSOSubject(ctx context.Context, userID, subject string) error {
	_, err := tx.exec(ctx, `UPDATE users SET sso_subject = ?, updated_at = ? WHERE id = ?`, subject, ms(tx.now), userID)
	return err
}
