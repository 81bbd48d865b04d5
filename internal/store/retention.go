package store

import (
	"context"
	"database/sql"

	"github.com/attune-vig/attune/internal/domain"
)

// RetentionRules reads the service's retention rules.
func (tx *Tx) RetentionRules(ctx context.Context) (domain.RetentionRules, error) {
	var r domain.RetentionRules
	var at int64
	err := tx.queryRow(ctx, `SELECT footage_days, records_age, records_years, audit_years, dp_contact, updated_at, updated_by
		FROM retention_rules WHERE id = 1`).Scan(&r.FootageDays, &r.RecordsAge, &r.RecordsYears, &r.AuditYears, &r.DPContact, &at, &r.UpdatedBy)
	if at > 0 {
		r.UpdatedAt = fromMS(at)
	}
	return r, err
}

// SetRetentionRules replaces the retention rules.
func (tx *Tx) SetRetentionRules(ctx context.Context, r domain.RetentionRules, by string) error {
	_, err := tx.exec(ctx, `UPDATE retention_rules SET footage_days = ?, records_age = ?, records_years = ?, audit_years = ?,
		dp_contact = ?, updated_at = ?, updated_by = ? WHERE id = 1`, r.FootageDays, r.RecordsAge, r.RecordsYears, r.AuditYears, r.DPContact, ms(tx.now), by)
	return err
}

// ClosedCases lists every closed case with what the retention rules need.
func (tx *Tx) ClosedCases(ctx context.Context) ([]*domain.RetentionCase, error) {
	rows, err := tx.query(ctx, `SELECT c.id, c.owner_id, c.closed_at,
		(SELECT MIN(k.retain_days) FROM consents k WHERE k.case_id = c.id AND k.retain_days IS NOT NULL),
		EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = c.id)
		FROM cases c WHERE c.status = 'closed' AND c.closed_at IS NOT NULL ORDER BY c.closed_at, c.id`)
	if err != nil {
		return nil, err
	}
	var out []*domain.RetentionCase
	for rows.Next() {
		var c domain.RetentionCase
		var closed int64
		var retain sql.NullInt64
		if err := rows.Scan(&c.CaseID, &c.OwnerID, &closed, &retain, &c.Held); err != nil {
			rows.Close()
			return nil, err
		}
		c.ClosedAt = fromMS(closed)
		if retain.Valid {
			d := int(retain.Int64)
			c.RetainDays = &d
		}
		out = append(out, &c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range out {
		if c.Recordings, err = tx.CaseRecordingIDs(ctx, c.CaseID); err != nil {
			return nil, err
		}
		if c.YoungestBirth, err = tx.youngestChildBirth(ctx, c.CaseID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// IsHeld reports whether a case is under a legal hold.
func (tx *Tx) IsHeld(ctx context.Context, caseID string) (bool, error) {
	var held bool
	err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM legal_holds WHERE case_id = ?)`, caseID).Scan(&held)
	return held, err
}

// LegalHolds lists the holds in force, newest first.
func (tx *Tx) LegalHolds(ctx context.Context) ([]*domain.LegalHold, error) {
	rows, err := tx.query(ctx, `SELECT case_id, reason, placed_by, placed_at FROM legal_holds ORDER BY placed_at DESC, case_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.LegalHold
	for rows.Next() {
		var h domain.LegalHold
		var at int64
		if err := rows.Scan(&h.CaseID, &h.Reason, &h.PlacedBy, &at); err != nil {
			return nil, err
		}
		h.PlacedAt = fromMS(at)
		out = append(out, &h)
	}
	return out, rows.Err()
}

// PlaceHold puts a case under a legal hold; false if it already was.
func (tx *Tx) PlaceHold(ctx context.Context, h *domain.LegalHold) (bool, error) {
	h.PlacedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO legal_holds (case_id, reason, placed_by, placed_at) VALUES (?,?,?,?)`,
		h.CaseID, h.Reason, h.PlacedBy, ms(h.PlacedAt))
	if isUniqueViolation(err) {
		return false, nil
	}
	return err == nil, err
}

// ReleaseHold lifts a case's legal hold; false if there was none.
func (tx *Tx) ReleaseHold(ctx context.Context, caseID string) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM legal_holds WHERE case_id = ?`, caseID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// DeleteCase removes a case and, through the foreign keys, every row that
// belongs to it. Stored files must have been erased first. It counts up the
// erasure generation (KeysDestroyed): the case's keys go with it.
func (tx *Tx) DeleteCase(ctx context.Context, id string) error {
	if _, err := tx.exec(ctx, `DELETE FROM cases WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.KeysDestroyed(ctx)
}

// youngestChildBirth is the latest birth date of a case's children ("" when
// none is known), compared in Go since birth dates are sealed.
func (tx *Tx) youngestChildBirth(ctx context.Context, caseID string) (string, error) {
	dates, err := tx.strings(ctx, `SELECT birth_date FROM participants WHERE case_id = ? AND role = 'child' AND birth_date <> ''`, caseID)
	if err != nil {
		return "", err
	}
	youngest := ""
	for _, d := range dates {
		if err := tx.openText(fieldBirthDate, &d); err != nil {
			return "", err
		}
		youngest = max(youngest, d)
	}
	return youngest, nil
}
