package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

const consentCols = `id, case_id, purposes, given_by, signature, child_assent, retain_days, wording_version,
	recorded_by, created_at, withdrawn_at, withdrawn_by`

// CreateConsent records a signed consent.
func (tx *Tx) CreateConsent(ctx context.Context, c *domain.Consent) error {
	c.CreatedAt = tx.now
	var assent, retain sql.NullInt64
	if c.ChildAssent != nil {
		assent = sql.NullInt64{Int64: int64(boolInt(*c.ChildAssent)), Valid: true}
	}
	if c.RetainDays != nil {
		retain = sql.NullInt64{Int64: int64(*c.RetainDays), Valid: true}
	}
	givenBy, err := tx.sealCaseText(c.CaseID, fieldGivenBy, c.GivenBy)
	if err != nil {
		return err
	}
	signature, err := tx.sealCaseText(c.CaseID, fieldSignature, c.Signature)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO consents (`+consentCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,NULL,'')`,
		c.ID, c.CaseID, strings.Join(c.Purposes, ","), givenBy, signature, assent, retain, c.WordingVersion,
		c.RecordedBy, ms(c.CreatedAt))
	return err
}

// ConsentByID loads one consent record; ErrNoRows when absent.
func (tx *Tx) ConsentByID(ctx context.Context, id string) (*domain.Consent, error) {
	c, err := scanConsent(tx.queryRow(ctx, `SELECT `+consentCols+` FROM consents WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	return c, tx.openConsent(c)
}

// CaseConsents lists a case's consent records, oldest first.
func (tx *Tx) CaseConsents(ctx context.Context, caseID string) ([]*domain.Consent, error) {
	rows, err := tx.query(ctx, `SELECT `+consentCols+` FROM consents WHERE case_id = ? ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Consent
	for rows.Next() {
		c, err := scanConsent(rows)
		if err == nil {
			err = tx.openConsent(c)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// WithdrawConsent marks a consent withdrawn, only if it is still in force.
// It reports whether this call withdrew it.
func (tx *Tx) WithdrawConsent(ctx context.Context, id, by string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE consents SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? AND withdrawn_at IS NULL`,
		ms(tx.now), by, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// HasConsentInForce tells whether a case has a consent in force for a purpose.
func (tx *Tx) HasConsentInForce(ctx context.Context, caseID, purpose string) (bool, error) {
	cs, err := tx.CaseConsents(ctx, caseID)
	if err != nil {
		return false, err
	}
	for _, c := range cs {
		if c.InForce() && c.Has(purpose) {
			return true, nil
		}
	}
	return false, nil
}

func scanConsent(s interface{ Scan(...any) error }) (*domain.Consent, error) {
	var c domain.Consent
	var purposes string
	var assent, retain, withdrawn sql.NullInt64
	var created int64
	err := s.Scan(&c.ID, &c.CaseID, &purposes, &c.GivenBy, &c.Signature, &assent, &retain, &c.WordingVersion,
		&c.RecordedBy, &created, &withdrawn, &c.WithdrawnBy)
	if err != nil {
		return nil, err
	}
	c.Purposes = strings.Split(purposes, ",")
	if assent.Valid {
		b := assent.Int64 == 1
		c.ChildAssent = &b
	}
	if retain.Valid {
		d := int(retain.Int64)
		c.RetainDays = &d
	}
	c.CreatedAt, c.WithdrawnAt = fromMS(created), fromNullMS(withdrawn)
	return &c, nil
}
