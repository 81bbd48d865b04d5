package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// SetAssignmentLink replaces an open assignment's link (its hash) and expiry.
func (tx *Tx) SetAssignmentLink(ctx context.Context, id, hash string, expires int64) error {
	_, err := tx.exec(ctx, `UPDATE q_assignments SET token_hash = ?, expires_at = ? WHERE id = ? AND status = 'open'`,
		nullStr(hash), expires, id)
	return err
}

// SetAssignmentPortalLink replaces the link the family portal opens an open
// assignment with (its hash), leaving the link the guider sent alone. The
// expiry becomes expires if that is later.
func (tx *Tx) SetAssignmentPortalLink(ctx context.Context, id, hash string, expires int64) error {
	_, err := tx.exec(ctx, `UPDATE q_assignments SET portal_token_hash = ?,
		expires_at = CASE WHEN expires_at < ? THEN ? ELSE expires_at END WHERE id = ? AND status = 'open'`,
		nullStr(hash), expires, expires, id)
	return err
}

// SaveAnswer keeps one answer as the parent goes; an empty value clears it.
func (tx *Tx) SaveAnswer(ctx context.Context, assignmentID, linkID, value string) error {
	if value == "" {
		_, err := tx.exec(ctx, `DELETE FROM q_answers WHERE assignment_id = ? AND link_id = ?`, assignmentID, linkID)
		return err
	}
	caseID, err := tx.caseOf(ctx, caseOfAssignment, assignmentID)
	if err != nil {
		return err
	}
	if value, err = tx.sealCaseText(caseID, fieldAnswer, value); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO q_answers (assignment_id, link_id, value, updated_at) VALUES (?,?,?,?)
		ON CONFLICT (assignment_id, link_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		assignmentID, linkID, value, ms(tx.now))
	return err
}

// Answers loads an assignment's answers so far: link id → value.
func (tx *Tx) Answers(ctx context.Context, assignmentID string) (map[string]string, error) {
	rows, err := tx.query(ctx, `SELECT link_id, value FROM q_answers WHERE assignment_id = ?`, assignmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		if err := tx.openText(fieldAnswer, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// CompleteAssignment records the scored result of an open assignment and
// drops its link. It reports false when the assignment was no longer open
// (a second submission), changing nothing.
func (tx *Tx) CompleteAssignment(ctx context.Context, a *domain.Assignment) (bool, error) {
	now := tx.now
	score, err := tx.sealCaseText(a.CaseID, fieldScore, a.Score)
	if err != nil {
		return false, err
	}
	res, err := tx.exec(ctx, `UPDATE q_assignments SET status = 'completed', token_hash = NULL, portal_token_hash = NULL, completed_at = ?, completed_by = ?,
		total = ?, band = ?, score = ?, risk = ? WHERE id = ? AND status = 'open'`,
		ms(now), a.CompletedBy, a.Total, a.Band, score, boolInt(a.Risk), a.ID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if n == 1 {
		a.Status, a.CompletedAt, a.TokenHash = domain.AssignmentCompleted, &now, ""
	}
	return n == 1, err
}

// CancelAssignment withdraws an open assignment and its link.
func (tx *Tx) CancelAssignment(ctx context.Context, id string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE q_assignments SET status = 'cancelled', token_hash = NULL, portal_token_hash = NULL WHERE id = ? AND status = 'open'`, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CreateAlert records a risk answer for the guider.
func (tx *Tx) CreateAlert(ctx context.Context, al *domain.OutcomeAlert) error {
	al.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO q_alerts (id, case_id, assignment_id, created_at) VALUES (?,?,?,?)`,
		al.ID, al.CaseID, al.AssignmentID, ms(al.CreatedAt))
	return err
}

// OpenAlerts lists risk alerts not yet seen, on cases a user owns or has been
// given, newest first.
func (tx *Tx) OpenAlerts(ctx context.Context, userID string) ([]*domain.OutcomeAlert, error) {
	rows, err := tx.query(ctx, `SELECT al.id, al.case_id, c.reference, al.assignment_id, i.name, al.created_at
		FROM q_alerts al JOIN cases c ON c.id = al.case_id JOIN q_assignments a ON a.id = al.assignment_id
		JOIN instruments i ON i.id = a.instrument_id
		WHERE al.seen_at IS NULL AND (c.owner_id = ? OR EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.user_id = ?))
		ORDER BY al.created_at DESC, al.id LIMIT 50`, userID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.OutcomeAlert
	for rows.Next() {
		var al domain.OutcomeAlert
		var created int64
		if err := rows.Scan(&al.ID, &al.CaseID, &al.CaseRef, &al.AssignmentID, &al.InstrumentName, &created); err != nil {
			return nil, err
		}
		al.CreatedAt = fromMS(created)
		out = append(out, &al)
	}
	return out, rows.Err()
}

// AlertCase finds the case of an alert; ErrNoRows when absent.
func (tx *Tx) AlertCase(ctx context.Context, id string) (string, error) {
	var caseID string
	err := tx.queryRow(ctx, `SELECT case_id FROM q_alerts WHERE id = ?`, id).Scan(&caseID)
	return caseID, err
}
