package store

import (
	"context"
	"strings"
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

// SessionWithUser finds a session and its account in one query; ErrNoRows
// when there is no such session. Every signed-in request asks this.
func (tx *Tx) SessionWithUser(ctx context.Context, hash string) (*domain.Session, *domain.User, error) {
	var s domain.Session
	var created, seen, expires int64
	var mfa int
	u, err := scanUser(rowFunc(func(dest ...any) error {
		return tx.queryRow(ctx, `SELECT s.id_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.mfa_passed,
			s.enrol_secret, s.ip, `+prefixed("u.", userCols)+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, hash).
			Scan(append([]any{&s.IDHash, &s.UserID, &created, &seen, &expires, &mfa, &s.EnrolSecret, &s.IP}, dest...)...)
	}))
	if err != nil {
		return nil, nil, err
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.MFAPassed = fromMS(created), fromMS(seen), fromMS(expires), mfa != 0
	return &s, u, nil
}

// rowFunc adapts a function to the Scan method scanners take.
type rowFunc func(dest ...any) error

func (f rowFunc) Scan(dest ...any) error { return f(dest...) }

// prefixed qualifies each column of a comma-separated list.
func prefixed(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
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
