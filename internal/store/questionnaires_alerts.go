package store

import (
	"context"
	"database/sql"
	"math"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// fieldAlertAction is the purpose of q_alerts.action: what someone did about
// a risk answer, in their words (sealed with the case's key).
const fieldAlertAction = "alert.action"

const alertSelect = `SELECT al.id, al.case_id, c.reference, c.owner_id, al.assignment_id, i.name, al.created_at,
	al.seen_at, al.seen_by, al.action, al.escalated_at
	FROM q_alerts al JOIN cases c ON c.id = al.case_id JOIN q_assignments a ON a.id = al.assignment_id
	JOIN instruments i ON i.id = a.instrument_id `

// CaseAlerts lists a case's risk alerts, acknowledged or not, newest first.
func (tx *Tx) CaseAlerts(ctx context.Context, caseID string) ([]*domain.OutcomeAlert, error) {
	return tx.alerts(ctx, alertSelect+`WHERE al.case_id = ? ORDER BY al.created_at DESC, al.id LIMIT 500`, caseID)
}

// UnacknowledgedAlerts lists the alerts nobody has acknowledged that were
// raised before a time (any time when zero), on any case, oldest first.
func (tx *Tx) UnacknowledgedAlerts(ctx context.Context, raisedBefore time.Time) ([]*domain.OutcomeAlert, error) {
	before := int64(math.MaxInt64)
	if !raisedBefore.IsZero() {
		before = ms(raisedBefore)
	}
	return tx.alerts(ctx, alertSelect+`WHERE al.seen_at IS NULL AND al.created_at < ? ORDER BY al.created_at, al.id LIMIT 500`, before)
}

func (tx *Tx) alerts(ctx context.Context, q string, args ...any) ([]*domain.OutcomeAlert, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.OutcomeAlert
	for rows.Next() {
		var al domain.OutcomeAlert
		var created int64
		var seen, escalated sql.NullInt64
		if err := rows.Scan(&al.ID, &al.CaseID, &al.CaseRef, &al.OwnerID, &al.AssignmentID, &al.InstrumentName, &created,
			&seen, &al.AckBy, &al.Action, &escalated); err != nil {
			return nil, err
		}
		if err := tx.openText(fieldAlertAction, &al.Action); err != nil {
			return nil, err
		}
		al.CreatedAt, al.AckAt, al.EscalatedAt = fromMS(created), fromNullMS(seen), fromNullMS(escalated)
		out = append(out, &al)
	}
	return out, rows.Err()
}

// AcknowledgeAlert records who acknowledged an alert and the action they
// took. It reports false when the alert was already acknowledged.
func (tx *Tx) AcknowledgeAlert(ctx context.Context, id, caseID, userID, action string) (bool, error) {
	sealed, err := tx.sealCaseText(caseID, fieldAlertAction, action)
	if err != nil {
		return false, err
	}
	res, err := tx.exec(ctx, `UPDATE q_alerts SET seen_at = ?, seen_by = ?, action = ? WHERE id = ? AND case_id = ? AND seen_at IS NULL`,
		ms(tx.now), userID, sealed, id, caseID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkAlertEscalated records that an unacknowledged alert was escalated. It
// reports false when it already was (another server got there first).
func (tx *Tx) MarkAlertEscalated(ctx context.Context, id string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE q_alerts SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL AND seen_at IS NULL`, ms(tx.now), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CaseSupervisors lists the active supervisors a case is shared with.
func (tx *Tx) CaseSupervisors(ctx context.Context, caseID string) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT u.id FROM case_shares s JOIN users u ON u.id = s.user_id
		WHERE s.case_id = ? AND u.role = 'supervisor' ORDER BY u.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
