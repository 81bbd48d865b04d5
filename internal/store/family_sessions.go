package store

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

const familySessionCols = `id_hash, member_id, created_at, last_seen_at, expires_at, unlocked_at, lang, ip`

// CreateFamilySession stores a parent's new device session.
func (tx *Tx) CreateFamilySession(ctx context.Context, s *domain.FamilySession) error {
	_, err := tx.exec(ctx, `INSERT INTO family_sessions (`+familySessionCols+`) VALUES (?,?,?,?,?,?,?,?)`,
		s.IDHash, s.MemberID, ms(s.CreatedAt), ms(s.LastSeenAt), ms(s.ExpiresAt), familyMS(s.UnlockedAt), s.Lang, s.IP)
	return err
}

// FamilySessionWithMember finds a device session and its parent in one query.
func (tx *Tx) FamilySessionWithMember(ctx context.Context, hash string) (*domain.FamilySession, *domain.FamilyMember, error) {
	var s domain.FamilySession
	var created, seen, expires, unlocked int64
	m, err := tx.openMember(scanFamilyMember(rowFunc(func(dest ...any) error {
		return tx.queryRow(ctx, `SELECT s.id_hash, s.member_id, s.created_at, s.last_seen_at, s.expires_at, s.unlocked_at, s.lang, s.ip, `+
			prefixed("m.", familyMemberCols)+` FROM family_sessions s JOIN family_members m ON m.id = s.member_id WHERE s.id_hash = ?`, hash).
			Scan(append([]any{&s.IDHash, &s.MemberID, &created, &seen, &expires, &unlocked, &s.Lang, &s.IP}, dest...)...)
	})))
	if err != nil {
		return nil, nil, err
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.UnlockedAt = fromMS(created), fromMS(seen), fromMS(expires), familyTime(unlocked)
	return &s, m, nil
}

// MemberFamilySessions lists a parent's signed-in devices, newest first.
func (tx *Tx) MemberFamilySessions(ctx context.Context, memberID string) ([]*domain.FamilySession, error) {
	rows, err := tx.query(ctx, `SELECT `+familySessionCols+` FROM family_sessions WHERE member_id = ? AND expires_at > ?
		ORDER BY created_at DESC, id_hash`, memberID, ms(tx.now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.FamilySession
	for rows.Next() {
		var s domain.FamilySession
		var created, seen, expires, unlocked int64
		if err := rows.Scan(&s.IDHash, &s.MemberID, &created, &seen, &expires, &unlocked, &s.Lang, &s.IP); err != nil {
			return nil, err
		}
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.UnlockedAt = fromMS(created), fromMS(seen), fromMS(expires), familyTime(unlocked)
		out = append(out, &s)
	}
	return out, rows.Err()
}

// TouchFamilySession records activity on a device.
func (tx *Tx) TouchFamilySession(ctx context.Context, hash string, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE family_sessions SET last_seen_at = ? WHERE id_hash = ?`, ms(at), hash)
	return err
}

// SetFamilySessionLang remembers the language picked on a device.
func (tx *Tx) SetFamilySessionLang(ctx context.Context, hash, lang string) error {
	_, err := tx.exec(ctx, `UPDATE family_sessions SET lang = ? WHERE id_hash = ?`, lang, hash)
	return err
}

// UnlockFamilySession records that the PIN was entered on a device.
func (tx *Tx) UnlockFamilySession(ctx context.Context, hash string, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE family_sessions SET unlocked_at = ?, last_seen_at = ? WHERE id_hash = ?`, ms(at), ms(at), hash)
	return err
}

// LockFamilySession makes a device ask for its PIN again.
func (tx *Tx) LockFamilySession(ctx context.Context, hash string) error {
	_, err := tx.exec(ctx, `UPDATE family_sessions SET unlocked_at = 0 WHERE id_hash = ?`, hash)
	return err
}

// DeleteFamilySession ends one device session.
func (tx *Tx) DeleteFamilySession(ctx context.Context, hash string) error {
	_, err := tx.exec(ctx, `DELETE FROM family_sessions WHERE id_hash = ?`, hash)
	return err
}

// DeleteMemberFamilySessions ends every device session of a parent.
func (tx *Tx) DeleteMemberFamilySessions(ctx context.Context, memberID string) error {
	_, err := tx.exec(ctx, `DELETE FROM family_sessions WHERE member_id = ?`, memberID)
	return err
}

// DeleteExpiredFamilySessions sweeps device sessions past their end.
func (tx *Tx) DeleteExpiredFamilySessions(ctx context.Context) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM family_sessions WHERE expires_at < ?`, ms(tx.now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// familyMS is ms with the zero time stored as 0.
func familyMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

// familyTime reads a time stored by familyMS.
func familyTime(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}
