package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
)

const caseCols = `c.id, c.owner_id, u.name, c.reference, c.focus, c.initials_only, c.status,
	c.created_at, c.updated_at, c.closed_at, c.version`

// CreateCase inserts a case with its participants.
func (tx *Tx) CreateCase(ctx context.Context, c *domain.Case) error {
	c.CreatedAt, c.UpdatedAt, c.Version = tx.now, tx.now, 1
	focus, err := tx.sealCaseText(c.ID, fieldFocus, c.Focus)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO cases (id, owner_id, reference, focus, initials_only, status, created_at, updated_at, version)
		VALUES (?,?,?,?,?,?,?,?,?)`, c.ID, c.OwnerID, c.Reference, focus, boolInt(c.InitialsOnly), c.Status,
		ms(c.CreatedAt), ms(c.UpdatedAt), c.Version)
	if err != nil {
		return err
	}
	return tx.insertParticipants(ctx, c.ID, c.Participants)
}

// UpdateCase writes a case and replaces its participants, if the stored
// version is still the one the caller read. Someone else's newer save is an
// ECONFLICT rather than a silent overwrite.
func (tx *Tx) UpdateCase(ctx context.Context, c *domain.Case) error {
	focus, err := tx.sealCaseText(c.ID, fieldFocus, c.Focus)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE cases SET reference=?, focus=?, initials_only=?, status=?, closed_at=?,
		updated_at=?, version=version+1 WHERE id=? AND version=?`, c.Reference, focus, boolInt(c.InitialsOnly),
		c.Status, nullMS(c.ClosedAt), ms(tx.now), c.ID, c.Version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return domain.Errorf(domain.ECONFLICT, "Someone else saved changes to this case while you were editing. Reload the case to see them, then make your change again.")
	}
	c.Version++
	c.UpdatedAt = tx.now
	if _, err := tx.exec(ctx, `DELETE FROM participants WHERE case_id = ?`, c.ID); err != nil {
		return err
	}
	return tx.insertParticipants(ctx, c.ID, c.Participants)
}

func (tx *Tx) insertParticipants(ctx context.Context, caseID string, ps []domain.Participant) error {
	for i, p := range ps {
		v, err := tx.sealEach(caseID, fieldName, p.Name, fieldRelation, p.Relation, fieldBirthDate, p.BirthDate)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO participants (id, case_id, position, role, name, relation, birth_date)
			VALUES (?,?,?,?,?,?,?)`, p.ID, caseID, i, p.Role, v[0], v[1], v[2])
		if err != nil {
			return err
		}
	}
	return nil
}

// CaseByID loads a case with its participants and shares; ErrNoRows when absent.
func (tx *Tx) CaseByID(ctx context.Context, id string) (*domain.Case, error) {
	c, err := scanCase(tx.queryRow(ctx, `SELECT `+caseCols+` FROM cases c JOIN users u ON u.id = c.owner_id WHERE c.id = ?`, id))
	if err == nil {
		err = tx.openText(fieldFocus, &c.Focus)
	}
	if err != nil {
		return nil, err
	}
	byCase, err := tx.participantsOf(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	c.Participants = byCase[id]
	if c.Shares, err = tx.CaseShares(ctx, id); err != nil {
		return nil, err
	}
	return c, tx.attachProgress(ctx, []*domain.Case{c})
}

// CaseAccess tells how userID reaches caseID: as owner, through a share, or not at all.
func (tx *Tx) CaseAccess(ctx context.Context, userID, caseID string) (domain.Access, error) {
	var owner string
	err := tx.queryRow(ctx, `SELECT owner_id FROM cases WHERE id = ?`, caseID).Scan(&owner)
	if IsNotFound(err) {
		return domain.AccessNone, nil
	}
	if err != nil {
		return domain.AccessNone, err
	}
	if owner == userID {
		return domain.AccessOwner, nil
	}
	var n int
	err = tx.queryRow(ctx, `SELECT COUNT(*) FROM case_shares WHERE case_id = ? AND user_id = ?`, caseID, userID).Scan(&n)
	if err != nil || n == 0 {
		return domain.AccessNone, err
	}
	return domain.AccessShared, nil
}

// CaseloadQuery selects the cases a user owns or that are shared with them.
type CaseloadQuery struct {
	UserID string
	Status string // "" for all
	// Reference finds cases whose reference holds these letters (any case).
	Reference string
	After     string // cursor from the previous page
	Limit     int
}

// Caseload lists a user's cases, most recently changed first, and the cursor
// of the next page ("" when this was the last).
func (tx *Tx) Caseload(ctx context.Context, q CaseloadQuery) ([]*domain.Case, string, error) {
	filter, args, err := caseloadFilter(q)
	if err != nil {
		return nil, "", err
	}
	// Owned and shared cases are read as two ordered, limited parts so each
	// uses its index and reads only one page of rows.
	page := fmt.Sprintf(` ORDER BY updated_at DESC, id DESC LIMIT %d`, q.Limit+1)
	owned := `SELECT * FROM (SELECT * FROM cases WHERE owner_id = ?` + filter + page + `) o`
	shared := `SELECT * FROM (SELECT * FROM cases WHERE id IN (SELECT case_id FROM case_shares WHERE user_id = ?)` + filter + page + `) s`
	all := append(append([]any{q.UserID}, args...), append([]any{q.UserID}, args...)...)
	rows, err := tx.query(ctx, `SELECT `+caseCols+` FROM (`+owned+` UNION ALL `+shared+`) c
		JOIN users u ON u.id = c.owner_id ORDER BY c.updated_at DESC, c.id DESC`+fmt.Sprintf(` LIMIT %d`, q.Limit+1), all...)
	if err != nil {
		return nil, "", err
	}
	cases, err := scanCases(rows)
	for i := 0; err == nil && i < len(cases); i++ {
		err = tx.openText(fieldFocus, &cases[i].Focus)
	}
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(cases) > q.Limit {
		cases = cases[:q.Limit]
		last := cases[len(cases)-1]
		next = fmt.Sprintf("%d.%s", ms(last.UpdatedAt), last.ID)
	}
	if err := tx.attachParticipants(ctx, cases); err != nil {
		return nil, "", err
	}
	return cases, next, tx.attachProgress(ctx, openOnly(cases))
}

// openOnly are the open cases of a page: a closed case's next step is
// "Closed", so its progress (eight lookups a case) is not read.
func openOnly(cases []*domain.Case) []*domain.Case {
	var out []*domain.Case
	for _, c := range cases {
		if c.Status != domain.CaseClosed {
			out = append(out, c)
		}
	}
	return out
}

// caseloadFilter turns the status and the page cursor into SQL conditions.
func caseloadFilter(q CaseloadQuery) (string, []any, error) {
	var where string
	var args []any
	if q.Status != "" {
		where += ` AND status = ?`
		args = append(args, q.Status)
	}
	if q.Reference != "" {
		where += ` AND lower(reference) LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(q.Reference))+"%")
	}
	if q.After != "" {
		var at int64
		var id string
		if _, err := fmt.Sscanf(strings.Replace(q.After, ".", " ", 1), "%d %s", &at, &id); err != nil {
			return "", nil, domain.FieldError("after", "That page cursor isn't one we gave out. Start again from the first page.")
		}
		where += ` AND (updated_at < ? OR (updated_at = ? AND id < ?))`
		args = append(args, at, at, id)
	}
	return where, args, nil
}

// likeEscaper makes a person's search words match as written in LIKE.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func (tx *Tx) attachParticipants(ctx context.Context, cases []*domain.Case) error {
	ids := make([]string, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	byCase, err := tx.participantsOf(ctx, ids)
	for _, c := range cases {
		c.Participants = byCase[c.ID]
	}
	return err
}

func (tx *Tx) participantsOf(ctx context.Context, caseIDs []string) (map[string][]domain.Participant, error) {
	out := map[string][]domain.Participant{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(caseIDs))
	for i, id := range caseIDs {
		args[i] = id
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(caseIDs)), ",")
	rows, err := tx.query(ctx, `SELECT case_id, id, role, name, relation, birth_date FROM participants
		WHERE case_id IN (`+marks+`) ORDER BY case_id, position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var caseID string
		var p domain.Participant
		if err := rows.Scan(&caseID, &p.ID, &p.Role, &p.Name, &p.Relation, &p.BirthDate); err != nil {
			return nil, err
		}
		if err := tx.openEach(fieldName, &p.Name, fieldRelation, &p.Relation, fieldBirthDate, &p.BirthDate); err != nil {
			return nil, err
		}
		out[caseID] = append(out[caseID], p)
	}
	return out, rows.Err()
}

func scanCases(rows *sql.Rows) ([]*domain.Case, error) {
	defer rows.Close()
	var out []*domain.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanCase(row interface{ Scan(...any) error }) (*domain.Case, error) {
	var c domain.Case
	var initials int
	var created, updated int64
	var closed sql.NullInt64
	err := row.Scan(&c.ID, &c.OwnerID, &c.OwnerName, &c.Reference, &c.Focus, &initials, &c.Status,
		&created, &updated, &closed, &c.Version)
	if err != nil {
		return nil, err
	}
	c.InitialsOnly = initials != 0
	c.CreatedAt, c.UpdatedAt, c.ClosedAt = fromMS(created), fromMS(updated), fromNullMS(closed)
	return &c, nil
}
