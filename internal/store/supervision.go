package store

import (
	"context"
	"database/sql"

	"github.com/attune-vig/attune/internal/domain"
)

// LinkSupervisor records that supervisorID supervises traineeID; twice is harmless.
func (tx *Tx) LinkSupervisor(ctx context.Context, supervisorID, traineeID, by string) error {
	ok, err := tx.Supervises(ctx, supervisorID, traineeID)
	if err != nil || ok {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO supervision_links (supervisor_id, trainee_id, created_by, created_at) VALUES (?,?,?,?)`,
		supervisorID, traineeID, by, ms(tx.now))
	return err
}

// UnlinkSupervisor ends a supervision relation; false when there was none.
func (tx *Tx) UnlinkSupervisor(ctx context.Context, supervisorID, traineeID string) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM supervision_links WHERE supervisor_id = ? AND trainee_id = ?`, supervisorID, traineeID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Supervises tells whether supervisorID supervises traineeID.
func (tx *Tx) Supervises(ctx context.Context, supervisorID, traineeID string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM supervision_links WHERE supervisor_id = ? AND trainee_id = ?`,
		supervisorID, traineeID).Scan(&n)
	return n > 0, err
}

const linkCols = `l.supervisor_id, s.name, l.trainee_id, t.name, t.role, l.created_at FROM supervision_links l
	JOIN users s ON s.id = l.supervisor_id JOIN users t ON t.id = l.trainee_id`

// SupervisionLinks lists every relation, by supervisor then trainee name.
func (tx *Tx) SupervisionLinks(ctx context.Context) ([]domain.SupervisionLink, error) {
	return tx.links(ctx, `SELECT `+linkCols+` ORDER BY s.name, t.name`)
}

// SupervisorsOf lists who supervises a user.
func (tx *Tx) SupervisorsOf(ctx context.Context, traineeID string) ([]domain.SupervisionLink, error) {
	return tx.links(ctx, `SELECT `+linkCols+` WHERE l.trainee_id = ? ORDER BY s.name`, traineeID)
}

// TraineesOf lists whom a user supervises.
func (tx *Tx) TraineesOf(ctx context.Context, supervisorID string) ([]domain.SupervisionLink, error) {
	return tx.links(ctx, `SELECT `+linkCols+` WHERE l.supervisor_id = ? ORDER BY t.name`, supervisorID)
}

func (tx *Tx) links(ctx context.Context, q string, args ...any) ([]domain.SupervisionLink, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.SupervisionLink
	for rows.Next() {
		var l domain.SupervisionLink
		var role string
		var at int64
		if err := rows.Scan(&l.SupervisorID, &l.SupervisorName, &l.TraineeID, &l.TraineeName, &role, &at); err != nil {
			return nil, err
		}
		l.TraineeRole, l.CreatedAt = domain.Role(role), fromMS(at)
		out = append(out, l)
	}
	return out, rows.Err()
}

// MarkReviewVideo marks a recording as the video of a shared review; twice is harmless.
func (tx *Tx) MarkReviewVideo(ctx context.Context, recordingID, by string) error {
	ok, err := tx.IsReviewVideo(ctx, recordingID)
	if err != nil || ok {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO review_videos (recording_id, marked_by, marked_at) VALUES (?,?,?)`, recordingID, by, ms(tx.now))
	return err
}

// IsReviewVideo tells whether a recording is marked as a shared review's video.
func (tx *Tx) IsReviewVideo(ctx context.Context, recordingID string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM review_videos WHERE recording_id = ?`, recordingID).Scan(&n)
	return n > 0, err
}

// ReviewVideosOf lists which of a case's recordings are review videos.
func (tx *Tx) ReviewVideosOf(ctx context.Context, caseID string) (map[string]bool, error) {
	ids, err := tx.strings(ctx, `SELECT v.recording_id FROM review_videos v JOIN recordings r ON r.id = v.recording_id WHERE r.case_id = ?`, caseID)
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

const shareCols = `m.id, m.case_id, m.kind, m.material_id, m.trainee_id, t.name, m.supervisor_id, s.name, m.note,
	m.expires_at, m.withdrawn_at, m.withdrawn_by, m.created_at, c.reference, COALESCE(r.filename, f.title, '') FROM material_shares m
	JOIN users t ON t.id = m.trainee_id JOIN users s ON s.id = m.supervisor_id JOIN cases c ON c.id = m.case_id
	LEFT JOIN recordings r ON m.kind <> 'film' AND r.id = m.material_id LEFT JOIN films f ON m.kind = 'film' AND f.id = m.material_id`

// CreateMaterialShare stores a new share.
func (tx *Tx) CreateMaterialShare(ctx context.Context, m *domain.MaterialShare) error {
	m.CreatedAt = tx.now
	note, err := tx.sealCaseText(m.CaseID, fieldShareNote, m.Note)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO material_shares (id, case_id, kind, material_id, trainee_id, supervisor_id, note, expires_at, created_at)
		VALUES (?,?,?,?,?,?,?,?,?)`, m.ID, m.CaseID, m.Kind, m.MaterialID, m.TraineeID, m.SupervisorID, note, nullMS(m.ExpiresAt), ms(m.CreatedAt))
	return err
}

// WithdrawMaterialShare ends a share; false when it had already ended.
func (tx *Tx) WithdrawMaterialShare(ctx context.Context, id, by string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE material_shares SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? AND withdrawn_at IS NULL`, ms(tx.now), by, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MaterialShareByID finds a share; ErrNoRows when there is none.
func (tx *Tx) MaterialShareByID(ctx context.Context, id string) (*domain.MaterialShare, error) {
	return tx.openShare(scanShare(tx.queryRow(ctx, `SELECT `+shareCols+` WHERE m.id = ?`, id)))
}

// SharesWithSupervisor lists the shares made with a supervisor, newest first.
func (tx *Tx) SharesWithSupervisor(ctx context.Context, supervisorID string) ([]*domain.MaterialShare, error) {
	return tx.shares(ctx, `SELECT `+shareCols+` WHERE m.supervisor_id = ? ORDER BY m.created_at DESC, m.id`, supervisorID)
}

// SharesByTrainee lists the shares a trainee made, newest first.
func (tx *Tx) SharesByTrainee(ctx context.Context, traineeID string) ([]*domain.MaterialShare, error) {
	return tx.shares(ctx, `SELECT `+shareCols+` WHERE m.trainee_id = ? ORDER BY m.created_at DESC, m.id`, traineeID)
}

// SharesOfMaterial lists every share of one recording or film.
func (tx *Tx) SharesOfMaterial(ctx context.Context, materialID string) ([]*domain.MaterialShare, error) {
	return tx.shares(ctx, `SELECT `+shareCols+` WHERE m.material_id = ? ORDER BY m.created_at, m.id`, materialID)
}

func (tx *Tx) shares(ctx context.Context, q string, args ...any) ([]*domain.MaterialShare, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.MaterialShare
	for rows.Next() {
		m, err := tx.openShare(scanShare(rows))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// openShare opens a share's note and its material's title (a film's title
// or a recording's file name).
func (tx *Tx) openShare(m *domain.MaterialShare, err error) (*domain.MaterialShare, error) {
	if err != nil {
		return m, err
	}
	return m, tx.openEach(fieldShareNote, &m.Note, materialTitlePurpose(m.Kind), &m.Title)
}

func materialTitlePurpose(kind string) string {
	if kind == "film" {
		return fieldFilmTitle
	}
	return fieldFilename
}

func scanShare(r interface{ Scan(...any) error }) (*domain.MaterialShare, error) {
	var m domain.MaterialShare
	var exp, wd sql.NullInt64
	var at int64
	if err := r.Scan(&m.ID, &m.CaseID, &m.Kind, &m.MaterialID, &m.TraineeID, &m.TraineeName, &m.SupervisorID, &m.SupervisorName,
		&m.Note, &exp, &wd, &m.WithdrawnBy, &at, &m.Reference, &m.Title); err != nil {
		return nil, err
	}
	m.ExpiresAt, m.WithdrawnAt, m.CreatedAt = fromNullMS(exp), fromNullMS(wd), fromMS(at)
	return &m, nil
}

// OwnMaterial is a ready recording or film of a case a user owns, for the share form.
type OwnMaterial struct {
	Kind      string // recording or film
	ID        string
	CaseID    string
	Reference string
	Title     string
	Review    bool // a recording marked as a shared review's video
}

// OwnMaterials lists the ready recordings and rendered films of the open
// cases a user owns, newest first (the caller checks consent).
func (tx *Tx) OwnMaterials(ctx context.Context, ownerID string) ([]OwnMaterial, error) {
	rows, err := tx.query(ctx, `SELECT 'recording', r.id, c.id, c.reference, r.filename,
			CASE WHEN v.recording_id IS NULL THEN 0 ELSE 1 END, r.created_at
		FROM recordings r JOIN cases c ON c.id = r.case_id LEFT JOIN review_videos v ON v.recording_id = r.id
		WHERE c.owner_id = ? AND c.status = 'open' AND r.status = 'ready'
		UNION ALL
		SELECT 'film', f.id, c.id, c.reference, f.title, 0, f.created_at
		FROM films f JOIN cases c ON c.id = f.case_id
		WHERE c.owner_id = ? AND c.status = 'open' AND f.rendered_version > 0
		ORDER BY 7 DESC`, ownerID, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OwnMaterial
	for rows.Next() {
		var m OwnMaterial
		var review int
		var at int64
		if err := rows.Scan(&m.Kind, &m.ID, &m.CaseID, &m.Reference, &m.Title, &review, &at); err != nil {
			return nil, err
		}
		if err := tx.openText(materialTitlePurpose(m.Kind), &m.Title); err != nil {
			return nil, err
		}
		m.Review = review != 0
		out = append(out, m)
	}
	return out, rows.Err()
}
