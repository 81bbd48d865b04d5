package store

import (
	"context"
	"database/sql"

	"github.com/attune-vig/attune/internal/domain"
)

// CreateInstrument inserts an instrument version.
func (tx *Tx) CreateInstrument(ctx context.Context, in *domain.StoredInstrument) error {
	in.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO instruments (id, key, version, name, source, definition, created_by, created_at)
		VALUES (?,?,?,?,?,?,?,?)`, in.ID, in.Key, in.Version, in.Name, in.Source, in.Definition, in.CreatedBy, ms(in.CreatedAt))
	return err
}

const instrumentCols = `id, key, version, name, source, definition, created_by, created_at`

func scanInstrument(row interface{ Scan(...any) error }) (*domain.StoredInstrument, error) {
	var in domain.StoredInstrument
	var created int64
	err := row.Scan(&in.ID, &in.Key, &in.Version, &in.Name, &in.Source, &in.Definition, &in.CreatedBy, &created)
	in.CreatedAt = fromMS(created)
	return &in, err
}

// InstrumentByID loads one instrument version; ErrNoRows when absent.
func (tx *Tx) InstrumentByID(ctx context.Context, id string) (*domain.StoredInstrument, error) {
	return scanInstrument(tx.queryRow(ctx, `SELECT `+instrumentCols+` FROM instruments WHERE id = ?`, id))
}

// LatestInstrument loads the newest version of an instrument; ErrNoRows when none.
func (tx *Tx) LatestInstrument(ctx context.Context, key string) (*domain.StoredInstrument, error) {
	return scanInstrument(tx.queryRow(ctx, `SELECT `+instrumentCols+` FROM instruments WHERE key = ?
		ORDER BY version DESC LIMIT 1`, key))
}

// Instruments lists the newest version of every instrument, by name.
func (tx *Tx) Instruments(ctx context.Context) ([]*domain.StoredInstrument, error) {
	rows, err := tx.query(ctx, `SELECT `+instrumentCols+` FROM instruments i
		WHERE version = (SELECT MAX(version) FROM instruments j WHERE j.key = i.key) ORDER BY name, key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.StoredInstrument
	for rows.Next() {
		in, err := scanInstrument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// CreateAssignment inserts an assignment of an instrument to a case.
func (tx *Tx) CreateAssignment(ctx context.Context, a *domain.Assignment) error {
	a.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO q_assignments (id, case_id, instrument_id, point, cycle, status, token_hash, expires_at,
		language, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`, a.ID, a.CaseID, a.InstrumentID, a.Point, a.Cycle,
		a.Status, nullStr(a.TokenHash), ms(a.ExpiresAt), a.Language, a.CreatedBy, ms(a.CreatedAt))
	return err
}

const assignmentCols = `a.id, a.case_id, a.instrument_id, i.key, i.name, a.point, a.cycle, a.status, a.token_hash, a.expires_at,
	a.language, a.created_by, a.created_at, a.completed_at, a.completed_by, a.total, a.band, a.score, a.risk`

const assignmentFrom = ` FROM q_assignments a JOIN instruments i ON i.id = a.instrument_id `

func (tx *Tx) openAssignment(a *domain.Assignment, err error) (*domain.Assignment, error) {
	if err != nil {
		return a, err
	}
	return a, tx.openText(fieldScore, &a.Score)
}

func scanAssignment(row interface{ Scan(...any) error }) (*domain.Assignment, error) {
	var a domain.Assignment
	var token sql.NullString
	var expires, created int64
	var completed sql.NullInt64
	var total sql.NullFloat64
	var risk int
	err := row.Scan(&a.ID, &a.CaseID, &a.InstrumentID, &a.InstrumentKey, &a.InstrumentName, &a.Point, &a.Cycle, &a.Status,
		&token, &expires, &a.Language, &a.CreatedBy, &created, &completed, &a.CompletedBy, &total, &a.Band, &a.Score, &risk)
	a.TokenHash, a.ExpiresAt, a.CreatedAt, a.CompletedAt, a.Risk = token.String, fromMS(expires), fromMS(created), fromNullMS(completed), risk != 0
	if total.Valid {
		a.Total = &total.Float64
	}
	return &a, err
}

// AssignmentByID loads an assignment; ErrNoRows when absent.
func (tx *Tx) AssignmentByID(ctx context.Context, id string) (*domain.Assignment, error) {
	return tx.openAssignment(scanAssignment(tx.queryRow(ctx, `SELECT `+assignmentCols+assignmentFrom+`WHERE a.id = ?`, id)))
}

// AssignmentByToken loads the assignment a parent's link opens (the one the
// guider sent or the family portal's); ErrNoRows when none.
func (tx *Tx) AssignmentByToken(ctx context.Context, hash string) (*domain.Assignment, error) {
	return tx.openAssignment(scanAssignment(tx.queryRow(ctx, `SELECT `+assignmentCols+assignmentFrom+
		`WHERE a.token_hash = ? OR a.portal_token_hash = ?`, hash, hash)))
}

// CaseAssignments lists a case's assignments, oldest first.
func (tx *Tx) CaseAssignments(ctx context.Context, caseID string) ([]*domain.Assignment, error) {
	rows, err := tx.query(ctx, `SELECT `+assignmentCols+assignmentFrom+`WHERE a.case_id = ? ORDER BY a.created_at, a.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.Assignment
	for rows.Next() {
		a, err := tx.openAssignment(scanAssignment(rows))
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func nullStr(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
