package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// CreateAPIToken stores a bearer token's hash.
func (tx *Tx) CreateAPIToken(ctx context.Context, t *domain.APIToken) error {
	t.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO api_tokens (id, user_id, hash, label, created_at) VALUES (?,?,?,?,?)`,
		t.ID, t.UserID, t.Hash, t.Label, ms(t.CreatedAt))
	return err
}

// APITokenByHash finds a token; ErrNoRows when there is none.
func (tx *Tx) APITokenByHash(ctx context.Context, hash string) (*domain.APIToken, error) {
	var t domain.APIToken
	var created int64
	err := tx.queryRow(ctx, `SELECT id, user_id, hash, label, created_at FROM api_tokens WHERE hash = ?`, hash).
		Scan(&t.ID, &t.UserID, &t.Hash, &t.Label, &created)
	if err != nil {
		return nil, err
	}
	t.CreatedAt = fromMS(created)
	return &t, nil
}

// DeleteUserAPITokens revokes every token of an account.
func (tx *Tx) DeleteUserAPITokens(ctx context.Context, userID string) error {
	_, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, userID)
	return err
}

// CreateLink stores a one-time link's hash.
func (tx *Tx) CreateLink(ctx context.Context, l *domain.OneTimeLink) error {
	_, err := tx.exec(ctx, `INSERT INTO one_time_links (hash, purpose, user_id, expires_at) VALUES (?,?,?,?)`,
		l.Hash, l.Purpose, l.UserID, ms(l.ExpiresAt))
	return err
}

// LinkByHash finds an unused, unexpired link of the given purpose.
func (tx *Tx) LinkByHash(ctx context.Context, hash, purpose string) (*domain.OneTimeLink, error) {
	var l domain.OneTimeLink
	var expires int64
	err := tx.queryRow(ctx, `SELECT hash, purpose, user_id, expires_at FROM one_time_links
		WHERE hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`, hash, purpose, ms(tx.now)).
		Scan(&l.Hash, &l.Purpose, &l.UserID, &expires)
	if err != nil {
		return nil, err
	}
	l.ExpiresAt = fromMS(expires)
	return &l, nil
}

// UseLink marks a link used; false when it was already used (a race lost).
func (tx *Tx) UseLink(ctx context.Context, hash string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE one_time_links SET used_at = ? WHERE hash = ? AND used_at IS NULL`, ms(tx.now), hash)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DeleteUserLinks voids a user's outstanding links (e.g. an older reset link).
func (tx *Tx) DeleteUserLinks(ctx context.Context, userID, purpose string) error {
	_, err := tx.exec(ctx, `DELETE FROM one_time_links WHERE user_id = ? AND purpose = ?`, userID, purpose)
	return err
}
