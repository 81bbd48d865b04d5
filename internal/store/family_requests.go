package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

const familyRequestCols = `id, case_id, member_id, kind, film_id, note, status, created_at, done_by, done_at`

// CreateFamilyRequest stores something a parent asked the guider to do.
func (tx *Tx) CreateFamilyRequest(ctx context.Context, r *domain.FamilyRequest) error {
	r.CreatedAt, r.Status = tx.now, domain.RequestOpen
	note, err := tx.sealCaseText(r.CaseID, fieldRequestNote, r.Note)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO family_requests (`+familyRequestCols+`) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		r.ID, r.CaseID, r.MemberID, r.Kind, r.FilmID, note, r.Status, ms(r.CreatedAt), "", 0)
	return err
}

// FamilyRequestByID finds a request; ErrNoRows when there is none.
func (tx *Tx) FamilyRequestByID(ctx context.Context, id string) (*domain.FamilyRequest, error) {
	return tx.openRequest(scanFamilyRequest(tx.queryRow(ctx, `SELECT `+familyRequestCols+` FROM family_requests WHERE id = ?`, id)))
}

// CaseFamilyRequests lists a case's requests, open ones first, newest first.
func (tx *Tx) CaseFamilyRequests(ctx context.Context, caseID string) ([]*domain.FamilyRequest, error) {
	rows, err := tx.query(ctx, `SELECT `+familyRequestCols+` FROM family_requests WHERE case_id = ?
		ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, created_at DESC, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.FamilyRequest
	for rows.Next() {
		r, err := tx.openRequest(scanFamilyRequest(rows))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CountOpenFamilyRequests counts open requests on the cases a practitioner owns.
func (tx *Tx) CountOpenFamilyRequests(ctx context.Context, ownerID string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM family_requests r JOIN cases c ON c.id = r.case_id
		WHERE c.owner_id = ? AND r.status = 'open'`, ownerID).Scan(&n)
	return n, err
}

// OpenFamilyRequestCases lists the cases of a practitioner with open family
// requests: case id → its reference and how many are open.
func (tx *Tx) OpenFamilyRequestCases(ctx context.Context, ownerID string) (map[string]string, map[string]int, error) {
	rows, err := tx.query(ctx, `SELECT c.id, c.reference, COUNT(*) FROM family_requests r JOIN cases c ON c.id = r.case_id
		WHERE c.owner_id = ? AND r.status = 'open' GROUP BY c.id, c.reference ORDER BY c.reference`, ownerID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	refs, counts := map[string]string{}, map[string]int{}
	for rows.Next() {
		var id, ref string
		var n int
		if err := rows.Scan(&id, &ref, &n); err != nil {
			return nil, nil, err
		}
		refs[id], counts[id] = ref, n
	}
	return refs, counts, rows.Err()
}

// FinishFamilyRequest marks a request done; false when it already was.
func (tx *Tx) FinishFamilyRequest(ctx context.Context, id, by string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE family_requests SET status = 'done', done_by = ?, done_at = ? WHERE id = ? AND status = 'open'`,
		by, ms(tx.now), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (tx *Tx) openRequest(r *domain.FamilyRequest, err error) (*domain.FamilyRequest, error) {
	if err != nil {
		return r, err
	}
	return r, tx.openText(fieldRequestNote, &r.Note)
}

func scanFamilyRequest(row interface{ Scan(...any) error }) (*domain.FamilyRequest, error) {
	var r domain.FamilyRequest
	var created, done int64
	if err := row.Scan(&r.ID, &r.CaseID, &r.MemberID, &r.Kind, &r.FilmID, &r.Note, &r.Status, &created, &r.DoneBy, &done); err != nil {
		return nil, err
	}
	r.CreatedAt, r.DoneAt = fromMS(created), familyTime(done)
	return &r, nil
}
