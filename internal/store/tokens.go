package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const tokenCols = `id, user_id, hash, label, created_at, expires_at`

// CreateAPIToken stores a bearer token's hash (made now, unless the caller
// says when).
func (tx *Tx) CreateAPIToken(ctx context.Context, t *domain.APIToken) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = tx.now
	}
	_, err := tx.exec(ctx, `INSERT INTO api_tokens (`+tokenCols+`) VALUES (?,?,?,?,?,?)`,
		t.ID, t.UserID, t.Hash, t.Label, ms(t.CreatedAt), ms(t.ExpiresAt))
	return err
}

// APITokenByHash finds a token; ErrNoRows when there is none.
func (tx *Tx) APITokenByHash(ctx context.Context, hash string) (*domain.APIToken, error) {
	return scanToken(tx.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE hash = ?`, hash))
}

// APITokenByID finds a token by its id; ErrNoRows when there is none.
func (tx *Tx) APITokenByID(ctx context.Context, id string) (*domain.APIToken, error) {
	return scanToken(tx.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE id = ?`, id))
}

// UserAPITokens lists an account's tokens, newest first.
func (tx *Tx) UserAPITokens(ctx context.Context, userID string) ([]domain.APIToken, error) {
	rows, err := tx.query(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

func scanToken(row interface{ Scan(...any) error }) (*domain.APIToken, error) {
	var t domain.APIToken
	var created, expires int64
	if err := row.Scan(&t.ID, &t.UserID, &t.Hash, &t.Label, &created, &expires); err != nil {
		return nil, err
	}
	t.CreatedAt, t.ExpiresAt = fromMS(created), fromMS(expires)
	return &t, nil
}

// DeleteAPIToken revokes one token.
func (tx *Tx) DeleteAPIToken(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE id = ?`, id)
	return err
}

// DeleteUserAPITokens revokes every token of an account.
func (tx *Tx) DeleteUserAPITokens(ctx context.Context, userID string) error {
	_, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, userID)
	return err
}

// CreateLink stores a one-time link's hash.
func (tx *Tx) CreateLink(ctx context.Context, l *domain.OneTimeLink) error {
	_, err := tx.exec(ctx, `INSERT INTO one_time_links (hash, purpose, user_id, expires_at, requested_by, needs_approval)
		VALUES (?,?,?,?,?,?)`, l.Hash, l.Purpose, l.UserID, ms(l.ExpiresAt), l.RequestedBy, boolInt(l.NeedsApproval))
	return err
}

const oneTimeLinkCols = `hash, purpose, user_id, expires_at, requested_by, needs_approval, approved_by`

// LinkByHash finds an unused, unexpired link of the given purpose.
func (tx *Tx) LinkByHash(ctx context.Context, hash, purpose string) (*domain.OneTimeLink, error) {
	return scanLink(tx.queryRow(ctx, `SELECT `+oneTimeLinkCols+` FROM one_time_links
		WHERE hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`, hash, purpose, ms(tx.now)))
}

// PendingUserLink finds an account's unused, unexpired link of the given
// purpose; ErrNoRows when there is none.
func (tx *Tx) PendingUserLink(ctx context.Context, userID, purpose string) (*domain.OneTimeLink, error) {
	return scanLink(tx.queryRow(ctx, `SELECT `+oneTimeLinkCols+` FROM one_time_links
		WHERE user_id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? ORDER BY expires_at DESC LIMIT 1`, userID, purpose, ms(tx.now)))
}

// UsedUserLink finds an account's most recently used link of the given
// purpose; ErrNoRows when there is none.
func (tx *Tx) UsedUserLink(ctx context.Context, userID, purpose string) (*domain.OneTimeLink, error) {
	return scanLink(tx.queryRow(ctx, `SELECT `+oneTimeLinkCols+` FROM one_time_links
		WHERE user_id = ? AND purpose = ? AND used_at IS NOT NULL ORDER BY used_at DESC LIMIT 1`, userID, purpose))
}

func scanLink(row interface{ Scan(...any) error }) (*domain.OneTimeLink, error) {
	var l domain.OneTimeLink
	var expires int64
	var needs int
	if err := row.Scan(&l.Hash, &l.Purpose, &l.UserID, &expires, &l.RequestedBy, &needs, &l.ApprovedBy); err != nil {
		return nil, err
	}
	l.ExpiresAt, l.NeedsApproval = fromMS(expires), needs != 0
	return &l, nil
}

// ApproveLink records the administrator who approved a link.
func (tx *Tx) ApproveLink(ctx context.Context, hash, approver string) error {
	_, err := tx.exec(ctx, `UPDATE one_time_links SET approved_by = ? WHERE hash = ? AND used_at IS NULL`, approver, hash)
	return err
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
