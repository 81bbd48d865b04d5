package store

import (
	"context"
	"database/sql"

	"github.com/attune-vig/attune/internal/domain"
)

const breakGlassCols = `g.id, g.user_id, COALESCE(u.name, ''), g.case_id, g.reason, g.granted_at, g.expires_at, g.reviewed_at, g.reviewed_by`

// CreateBreakGlass records an emergency access grant.
func (tx *Tx) CreateBreakGlass(ctx context.Context, g *domain.BreakGlass) error {
	_, err := tx.exec(ctx, `INSERT INTO break_glass (id, user_id, case_id, reason, granted_at, expires_at) VALUES (?,?,?,?,?,?)`,
		g.ID, g.UserID, g.CaseID, g.Reason, ms(g.GrantedAt), ms(g.ExpiresAt))
	return err
}

// BreakGlassActive reports whether userID holds a grant for caseID in force at the transaction's time.
func (tx *Tx) BreakGlassActive(ctx context.Context, userID, caseID string) (bool, error) {
	var ok bool
	err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM break_glass WHERE user_id = ? AND case_id = ? AND granted_at <= ? AND expires_at > ?)`,
		userID, caseID, ms(tx.now), ms(tx.now)).Scan(&ok)
	return ok, err
}

// BreakGlassByID finds one grant.
func (tx *Tx) BreakGlassByID(ctx context.Context, id string) (*domain.BreakGlass, error) {
	gs, err := tx.breakGlass(ctx, `WHERE g.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(gs) == 0 {
		return nil, ErrNoRows
	}
	return gs[0], nil
}

// BreakGlassGrants lists grants, newest first, for review.
func (tx *Tx) BreakGlassGrants(ctx context.Context, limit int) ([]*domain.BreakGlass, error) {
	return tx.breakGlass(ctx, `ORDER BY g.granted_at DESC, g.id LIMIT ?`, limit)
}

// EndBreakGlass ends a grant now (if it has not ended already).
func (tx *Tx) EndBreakGlass(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `UPDATE break_glass SET expires_at = ? WHERE id = ? AND expires_at > ?`, ms(tx.now), id, ms(tx.now))
	return err
}

// ReviewBreakGlass marks a grant reviewed.
func (tx *Tx) ReviewBreakGlass(ctx context.Context, id, by string) error {
	_, err := tx.exec(ctx, `UPDATE break_glass SET reviewed_at = ?, reviewed_by = ? WHERE id = ?`, ms(tx.now), by, id)
	return err
}

func (tx *Tx) breakGlass(ctx context.Context, tail string, args ...any) ([]*domain.BreakGlass, error) {
	rows, err := tx.query(ctx, `SELECT `+breakGlassCols+` FROM break_glass g LEFT JOIN users u ON u.id = g.user_id `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.BreakGlass
	for rows.Next() {
		var g domain.BreakGlass
		var granted, expires int64
		var reviewed sql.NullInt64
		if err := rows.Scan(&g.ID, &g.UserID, &g.UserName, &g.CaseID, &g.Reason, &granted, &expires, &reviewed, &g.ReviewedBy); err != nil {
			return nil, err
		}
		g.GrantedAt, g.ExpiresAt, g.ReviewedAt = fromMS(granted), fromMS(expires), fromNullMS(reviewed)
		out = append(out, &g)
	}
	return out, rows.Err()
}

// AddNotification puts a message on a person's dashboard.
func (tx *Tx) AddNotification(ctx context.Context, n *domain.Notification) error {
	n.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO notifications (id, user_id, kind, text, case_id, created_at) VALUES (?,?,?,?,?,?)`,
		n.ID, n.UserID, n.Kind, n.Text, n.CaseID, ms(n.CreatedAt))
	return err
}

// Notifications lists a person's messages, newest first.
func (tx *Tx) Notifications(ctx context.Context, userID string, limit int) ([]*domain.Notification, error) {
	rows, err := tx.query(ctx, `SELECT id, user_id, kind, text, case_id, created_at, read_at FROM notifications
		WHERE user_id = ? ORDER BY created_at DESC, id LIMIT ?`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Notification
	for rows.Next() {
		var n domain.Notification
		var created int64
		var read sql.NullInt64
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Text, &n.CaseID, &created, &read); err != nil {
			return nil, err
		}
		n.CreatedAt, n.ReadAt = fromMS(created), fromNullMS(read)
		out = append(out, &n)
	}
	return out, rows.Err()
}
