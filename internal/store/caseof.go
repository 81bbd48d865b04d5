package store

import (
	"context"
	"database/sql"
	"errors"
)

// caseOfKind finds the case of a record by the kind the router names it
// with (server.Views, the path segment before {id}).
var caseOfKind = map[string]string{
	"case":           `SELECT id FROM cases WHERE id = ?`,
	"recording":      `SELECT case_id FROM recordings WHERE id = ?`,
	"annotation":     `SELECT r.case_id FROM annotations a JOIN recordings r ON r.id = a.recording_id WHERE a.id = ?`,
	"clip":           `SELECT r.case_id FROM clips c JOIN recordings r ON r.id = c.recording_id WHERE c.id = ?`,
	"still":          `SELECT r.case_id FROM stills s JOIN recordings r ON r.id = s.recording_id WHERE s.id = ?`,
	"coding":         `SELECT r.case_id FROM codings c JOIN recordings r ON r.id = c.recording_id WHERE c.id = ?`,
	"film":           `SELECT case_id FROM films WHERE id = ?`,
	"suggestion":     `SELECT r.case_id FROM moment_suggestions s JOIN recordings r ON r.id = s.recording_id WHERE s.id = ?`,
	"consent":        `SELECT case_id FROM consents WHERE id = ?`,
	"goal":           `SELECT case_id FROM goals WHERE id = ?`,
	"cycle":          `SELECT case_id FROM cycles WHERE id = ?`,
	"session":        `SELECT case_id FROM case_sessions WHERE id = ?`,
	"assignment":     `SELECT case_id FROM q_assignments WHERE id = ?`,
	"response":       `SELECT case_id FROM q_assignments WHERE id = ?`, // a response is its assignment's
	"alert":          `SELECT case_id FROM q_alerts WHERE id = ?`,
	"material_share": `SELECT case_id FROM material_shares WHERE id = ?`,
	"sar_export":     `SELECT case_id FROM sar_exports WHERE id = ?`,
	"family_member":  `SELECT case_id FROM family_members WHERE id = ?`,
	"family_request": `SELECT case_id FROM family_requests WHERE id = ?`,
}

// CaseOfRecord is the case a record of the given kind belongs to, for the
// audit entries the router writes; "" for a kind without a case or a record
// that doesn't exist.
func (tx *Tx) CaseOfRecord(ctx context.Context, kind, id string) (string, error) {
	q, ok := caseOfKind[kind]
	if !ok || id == "" {
		return "", nil
	}
	var caseID string
	err := tx.queryRow(ctx, q, id).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return caseID, err
}
