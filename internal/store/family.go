package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

const familyMemberCols = `id, case_id, name, email, lang, pin_hash, failed, last_failed_at, invited_by, created_at, ended_at`

// CreateFamilyMember stores a parent invited to a case's portal.
func (tx *Tx) CreateFamilyMember(ctx context.Context, m *domain.FamilyMember) error {
	m.CreatedAt = tx.now
	v, err := tx.sealEach(m.CaseID, fieldMemberName, m.Name, fieldMemberEmail, m.Email)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO family_members (`+familyMemberCols+`, email_index) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
		m.ID, m.CaseID, v[0], v[1], m.Lang, m.PINHash, m.Failed, familyMS(m.LastFailedAt), m.InvitedBy, ms(m.CreatedAt),
		familyMS(m.EndedAt), tx.emailIndex(m.Email))
	return err
}

// emailIndex is the blind index a member is found by at sign-in.
func (tx *Tx) emailIndex(email string) string {
	return tx.blindIndex(fieldMemberEmail, strings.ToLower(strings.TrimSpace(email)))
}

// UpdateFamilyMember writes a member's changeable fields.
func (tx *Tx) UpdateFamilyMember(ctx context.Context, m *domain.FamilyMember) error {
	v, err := tx.sealEach(m.CaseID, fieldMemberName, m.Name, fieldMemberEmail, m.Email)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE family_members SET name = ?, email = ?, email_index = ?, lang = ?, pin_hash = ?, failed = ?,
		last_failed_at = ?, ended_at = ? WHERE id = ?`, v[0], v[1], tx.emailIndex(m.Email), m.Lang, m.PINHash, m.Failed, familyMS(m.LastFailedAt), familyMS(m.EndedAt), m.ID)
	return err
}

// FamilyMemberByID finds a member; ErrNoRows when there is none.
func (tx *Tx) FamilyMemberByID(ctx context.Context, id string) (*domain.FamilyMember, error) {
	return tx.openMember(scanFamilyMember(tx.queryRow(ctx, `SELECT `+familyMemberCols+` FROM family_members WHERE id = ?`, id)))
}

// FamilyMembersByEmail lists the members with access using an e-mail address.
func (tx *Tx) FamilyMembersByEmail(ctx context.Context, email string) ([]*domain.FamilyMember, error) {
	if strings.TrimSpace(email) == "" {
		return nil, nil
	}
	return tx.familyMembers(ctx, `SELECT `+familyMemberCols+` FROM family_members WHERE email_index = ? AND ended_at = 0
		ORDER BY created_at`, tx.emailIndex(email))
}

// CaseFamilyMembers lists a case's invited parents, those with access first.
func (tx *Tx) CaseFamilyMembers(ctx context.Context, caseID string) ([]*domain.FamilyMember, error) {
	return tx.familyMembers(ctx, `SELECT `+familyMemberCols+` FROM family_members WHERE case_id = ? ORDER BY ended_at, created_at, id`, caseID)
}

func (tx *Tx) familyMembers(ctx context.Context, q string, args ...any) ([]*domain.FamilyMember, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.FamilyMember
	for rows.Next() {
		m, err := tx.openMember(scanFamilyMember(rows))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (tx *Tx) openMember(m *domain.FamilyMember, err error) (*domain.FamilyMember, error) {
	if err != nil {
		return m, err
	}
	return m, tx.openEach(fieldMemberName, &m.Name, fieldMemberEmail, &m.Email)
}

func scanFamilyMember(row interface{ Scan(...any) error }) (*domain.FamilyMember, error) {
	var m domain.FamilyMember
	var failedAt, created, ended int64
	if err := row.Scan(&m.ID, &m.CaseID, &m.Name, &m.Email, &m.Lang, &m.PINHash, &m.Failed, &failedAt, &m.InvitedBy,
		&created, &ended); err != nil {
		return nil, err
	}
	m.LastFailedAt, m.CreatedAt, m.EndedAt = familyTime(failedAt), fromMS(created), familyTime(ended)
	return &m, nil
}

// CreateFamilyPass stores a sign-in link's or code's hash.
func (tx *Tx) CreateFamilyPass(ctx context.Context, p *domain.FamilyPass) error {
	p.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO family_passes (hash, member_id, kind, expires_at, created_at) VALUES (?,?,?,?,?)`,
		p.Hash, p.MemberID, p.Kind, ms(p.ExpiresAt), ms(p.CreatedAt))
	return err
}

// FamilyPassByHash finds an unused, unexpired pass of a kind; ErrNoRows otherwise.
func (tx *Tx) FamilyPassByHash(ctx context.Context, hash, kind string) (*domain.FamilyPass, error) {
	var p domain.FamilyPass
	var expires, created int64
	err := tx.queryRow(ctx, `SELECT hash, member_id, kind, expires_at, created_at FROM family_passes
		WHERE hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?`, hash, kind, ms(tx.now)).
		Scan(&p.Hash, &p.MemberID, &p.Kind, &expires, &created)
	if err != nil {
		return nil, err
	}
	p.ExpiresAt, p.CreatedAt = fromMS(expires), fromMS(created)
	return &p, nil
}

// FamilyPassState tells whether a pass with this hash exists but was used
// or has expired ("used", "expired"), or "" when there is none at all.
func (tx *Tx) FamilyPassState(ctx context.Context, hash string) (string, error) {
	var used sql.NullInt64
	var expires int64
	err := tx.queryRow(ctx, `SELECT used_at, expires_at FROM family_passes WHERE hash = ?`, hash).Scan(&used, &expires)
	switch {
	case IsNotFound(err):
		return "", nil
	case err != nil:
		return "", err
	case used.Valid:
		return "used", nil
	case expires <= ms(tx.now):
		return "expired", nil
	}
	return "live", nil
}

// UseFamilyPass marks a pass used; false when it was already used or expired.
func (tx *Tx) UseFamilyPass(ctx context.Context, hash string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE family_passes SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?`,
		ms(tx.now), hash, ms(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// VoidFamilyPasses marks every unused pass of a member (of a kind, "" for all) used.
func (tx *Tx) VoidFamilyPasses(ctx context.Context, memberID, kind string) error {
	_, err := tx.exec(ctx, `UPDATE family_passes SET used_at = ? WHERE member_id = ? AND used_at IS NULL AND (kind = ? OR ? = '')`,
		ms(tx.now), memberID, kind, kind)
	return err
}
