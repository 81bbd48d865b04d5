package store

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// CreateSession stores a new session.
func (tx *Tx) CreateSession(ctx context.Context, s *domain.Session) error {
	_, err := tx.exec(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, mfa_passed, enrol_secret, ip)
		VALUES (?,?,?,?,?,?,?,?)`, s.IDHash, s.UserID, ms(s.CreatedAt), ms(s.LastSeenAt), ms(s.ExpiresAt),
		boolInt(s.MFAPassed), s.EnrolSecret, s.IP)
	return err
}

// SessionByHash finds a session; ErrNoRows when there is none.
func (tx *Tx) SessionByHash(ctx context.Context, hash string) (*domain.Session, error) {
	var s domain.Session
	var created, seen, expires int64
	var mfa int
	err := tx.queryRow(ctx, `SELECT id_hash, user_id, created_at, last_seen_at, expires_at, mfa_passed, enrol_secret, ip
		FROM sessions WHERE id_hash = ?`, hash).Scan(&s.IDHash, &s.UserID, &created, &seen, &expires, &mfa, &s.EnrolSecret, &s.IP)
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.MFAPassed = fromMS(created), fromMS(seen), fromMS(expires), mfa != 0
	return &s, nil
}

// UpdateSession writes the mutable fields of a session.
func (tx *Tx) UpdateSession(ctx context.Context, s *domain.Session) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = ?, mfa_passed = ?, enrol_secret = ? WHERE id_hash = ?`,
		ms(s.LastSeenAt), boolInt(s.MFAPassed), s.EnrolSecret, s.IDHash)
	return err
}

// TouchSession records activity, no more than needed.
func (tx *Tx) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, ms(at), hash)
	return err
}

// DeleteSession ends one session.
func (tx *Tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, hash)
	return err
}

// DeleteUserSessions ends every session of an account at once.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID string) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// DeleteExpiredSessions sweeps sessions past their absolute or idle end.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, idleBefore time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?`, ms(tx.now), ms(idleBefore))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
