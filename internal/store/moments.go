package store

import (
	"context"
	"database/sql"

	"github.com/attune-vig/attune/internal/domain"
)

const fieldMomentTimeline = "moment_analysis.timeline"

const momentCols = `recording_id, case_id, status, progress, error, duration_ms, turn_count, initiatives, answered, timeline, created_at, updated_at`

// SaveMomentAnalysis writes a recording's moment analysis, replacing the
// one before; the timeline is sealed with the case key.
func (tx *Tx) SaveMomentAnalysis(ctx context.Context, m *domain.MomentAnalysis) error {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = tx.now
	}
	m.UpdatedAt = tx.now
	timeline, err := tx.sealCaseText(m.CaseID, fieldMomentTimeline, m.Timeline)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO moment_analyses (`+momentCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (recording_id) DO UPDATE SET status=excluded.status, progress=excluded.progress, error=excluded.error,
		duration_ms=excluded.duration_ms, turn_count=excluded.turn_count, initiatives=excluded.initiatives,
		answered=excluded.answered, timeline=excluded.timeline, updated_at=excluded.updated_at`,
		m.RecordingID, m.CaseID, m.Status, int(m.Progress*1000), m.Error, m.DurationMS, m.TurnCount, m.Initiatives,
		m.Answered, timeline, ms(m.CreatedAt), ms(m.UpdatedAt))
	return err
}

// MomentProgress moves a running analysis's progress bar (0..1).
func (tx *Tx) MomentProgress(ctx context.Context, recordingID string, p float64) error {
	_, err := tx.exec(ctx, `UPDATE moment_analyses SET progress=?, updated_at=? WHERE recording_id=? AND status=?`,
		int(p*1000), ms(tx.now), recordingID, domain.MomentsProcessing)
	return err
}

// MomentAnalysis is a recording's analysis; ErrNoRows when there is none.
func (tx *Tx) MomentAnalysis(ctx context.Context, recordingID string) (*domain.MomentAnalysis, error) {
	m, err := scanMoment(tx.queryRow(ctx, `SELECT `+momentCols+` FROM moment_analyses WHERE recording_id = ?`, recordingID))
	if err != nil {
		return nil, err
	}
	return m, tx.openText(fieldMomentTimeline, &m.Timeline)
}

// CaseMomentAnalyses lists a case's analyses (timelines left out).
func (tx *Tx) CaseMomentAnalyses(ctx context.Context, caseID string) ([]*domain.MomentAnalysis, error) {
	rows, err := tx.query(ctx, `SELECT `+momentCols+` FROM moment_analyses WHERE case_id = ? ORDER BY created_at, recording_id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.MomentAnalysis
	for rows.Next() {
		m, err := scanMoment(rows)
		if err != nil {
			return nil, err
		}
		m.Timeline = ""
		out = append(out, m)
	}
	return out, rows.Err()
}

func scanMoment(row interface{ Scan(...any) error }) (*domain.MomentAnalysis, error) {
	var m domain.MomentAnalysis
	var progress int
	var created, updated int64
	err := row.Scan(&m.RecordingID, &m.CaseID, &m.Status, &progress, &m.Error, &m.DurationMS, &m.TurnCount,
		&m.Initiatives, &m.Answered, &m.Timeline, &created, &updated)
	if err != nil {
		return nil, err
	}
	m.Progress, m.CreatedAt, m.UpdatedAt = float64(progress)/1000, fromMS(created), fromMS(updated)
	return &m, nil
}

// DeleteCaseMoments deletes everything the moment finder found in a case's
// recordings (consent to analysis withdrawn); it returns how many
// recordings' analyses went.
func (tx *Tx) DeleteCaseMoments(ctx context.Context, caseID string) (int64, error) {
	if _, err := tx.exec(ctx, `DELETE FROM moment_suggestions WHERE recording_id IN (SELECT id FROM recordings WHERE case_id = ?)`, caseID); err != nil {
		return 0, err
	}
	res, err := tx.exec(ctx, `DELETE FROM moment_analyses WHERE case_id = ?`, caseID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

const suggestionCols = `id, recording_id, start_ms, end_ms, start_frame, end_frame, initiative_ms, latency_ms, turns, state, annotation_id, clip_id, decided_by, decided_at`

// ReplaceMomentSuggestions puts a new analysis's suggestions in place of
// the undecided ones; accepted and dismissed ones stay remembered, and a new
// suggestion at the same child's initiative as a decided one is not added.
func (tx *Tx) ReplaceMomentSuggestions(ctx context.Context, recordingID string, ss []*domain.MomentSuggestion) error {
	if _, err := tx.exec(ctx, `DELETE FROM moment_suggestions WHERE recording_id = ? AND state = ?`, recordingID, domain.SuggestionNew); err != nil {
		return err
	}
	decided, err := tx.MomentSuggestions(ctx, recordingID)
	if err != nil {
		return err
	}
	for _, s := range ss {
		if decidedNear(decided, s) {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO moment_suggestions (`+suggestionCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			s.ID, recordingID, s.StartMS, s.EndMS, s.StartFrame, s.EndFrame, s.InitiativeMS, s.LatencyMS, s.Turns,
			domain.SuggestionNew, "", "", "", nil); err != nil {
			return err
		}
	}
	return nil
}

// decidedNearMS: a new suggestion whose child's initiative is this close to
// a decided one's is the same moment.
const decidedNearMS = 500

func decidedNear(decided []*domain.MomentSuggestion, s *domain.MomentSuggestion) bool {
	for _, d := range decided {
		if diff := d.InitiativeMS - s.InitiativeMS; diff < decidedNearMS && diff > -decidedNearMS {
			return true
		}
	}
	return false
}

// MomentSuggestions lists a recording's suggestions in time order.
func (tx *Tx) MomentSuggestions(ctx context.Context, recordingID string) ([]*domain.MomentSuggestion, error) {
	rows, err := tx.query(ctx, `SELECT `+suggestionCols+` FROM moment_suggestions WHERE recording_id = ? ORDER BY start_ms, id`, recordingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*domain.MomentSuggestion
	for rows.Next() {
		s, err := scanSuggestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// MomentSuggestion finds one suggestion; ErrNoRows when there is none.
func (tx *Tx) MomentSuggestion(ctx context.Context, id string) (*domain.MomentSuggestion, error) {
	return scanSuggestion(tx.queryRow(ctx, `SELECT `+suggestionCols+` FROM moment_suggestions WHERE id = ?`, id))
}

// DecideSuggestion records a guider's accepting or dismissing; false when
// the suggestion was decided already.
func (tx *Tx) DecideSuggestion(ctx context.Context, s *domain.MomentSuggestion) (bool, error) {
	now := tx.now
	res, err := tx.exec(ctx, `UPDATE moment_suggestions SET state=?, annotation_id=?, clip_id=?, decided_by=?, decided_at=? WHERE id=? AND state=?`,
		s.State, s.AnnotationID, s.ClipID, s.DecidedBy, ms(now), s.ID, domain.SuggestionNew)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if n == 1 {
		s.DecidedAt = &now
	}
	return n == 1, err
}

func scanSuggestion(row interface{ Scan(...any) error }) (*domain.MomentSuggestion, error) {
	var s domain.MomentSuggestion
	var decided sql.NullInt64
	err := row.Scan(&s.ID, &s.RecordingID, &s.StartMS, &s.EndMS, &s.StartFrame, &s.EndFrame, &s.InitiativeMS,
		&s.LatencyMS, &s.Turns, &s.State, &s.AnnotationID, &s.ClipID, &s.DecidedBy, &decided)
	if err != nil {
		return nil, err
	}
	s.DecidedAt = fromNullMS(decided)
	return &s, nil
}

// CaseMomentsHidden tells whether the guider hid the moment finder's
// figures on the case page.
func (tx *Tx) CaseMomentsHidden(ctx context.Context, caseID string) (bool, error) {
	var hidden int
	err := tx.queryRow(ctx, `SELECT hidden FROM moment_case_settings WHERE case_id = ?`, caseID).Scan(&hidden)
	if IsNotFound(err) {
		return false, nil
	}
	return hidden == 1, err
}

// SetCaseMomentsHidden hides or shows the figures on the case page.
func (tx *Tx) SetCaseMomentsHidden(ctx context.Context, caseID string, hidden bool, by string) error {
	v := 0
	if hidden {
		v = 1
	}
	_, err := tx.exec(ctx, `INSERT INTO moment_case_settings (case_id, hidden, updated_by, updated_at) VALUES (?,?,?,?)
		ON CONFLICT (case_id) DO UPDATE SET hidden=excluded.hidden, updated_by=excluded.updated_by, updated_at=excluded.updated_at`,
		caseID, v, by, ms(tx.now))
	return err
}
