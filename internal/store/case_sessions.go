package store

import (
	"context"

	"github.com/attune-vig/attune/internal/domain"
)

// Sessions with families (meetings in the guider's diary), not sign-in
// sessions; and the personal calendar feeds that publish them.

const caseSessionCols = `s.id, s.case_id, c.reference, s.kind, s.starts_at, s.minutes, s.place, s.attendance, s.cycle, s.created_by, s.created_at`

// CreateCaseSession inserts a session with a family.
func (tx *Tx) CreateCaseSession(ctx context.Context, s *domain.Meeting) error {
	s.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO case_sessions (id, case_id, kind, starts_at, minutes, place, attendance, cycle, created_by, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, s.ID, s.CaseID, s.Kind, ms(s.StartsAt), s.Minutes, s.Place, s.Attendance, s.Cycle, s.CreatedBy, ms(s.CreatedAt))
	return err
}

// SetAttendance records whether a session took place.
func (tx *Tx) SetAttendance(ctx context.Context, id, attendance string) error {
	_, err := tx.exec(ctx, `UPDATE case_sessions SET attendance = ? WHERE id = ?`, attendance, id)
	return err
}

// CaseSessionByID loads a session; ErrNoRows when absent.
func (tx *Tx) CaseSessionByID(ctx context.Context, id string) (*domain.Meeting, error) {
	rows, err := tx.query(ctx, `SELECT `+caseSessionCols+` FROM case_sessions s JOIN cases c ON c.id = s.case_id WHERE s.id = ?`, id)
	if err != nil {
		return nil, err
	}
	out, err := scanCaseSessions(rows)
	if err == nil && len(out) == 0 {
		err = ErrNoRows
	}
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// CaseSessionsOf lists a case's sessions by time.
func (tx *Tx) CaseSessionsOf(ctx context.Context, caseID string) ([]*domain.Meeting, error) {
	rows, err := tx.query(ctx, `SELECT `+caseSessionCols+` FROM case_sessions s JOIN cases c ON c.id = s.case_id
		WHERE s.case_id = ? ORDER BY s.starts_at, s.id`, caseID)
	if err != nil {
		return nil, err
	}
	return scanCaseSessions(rows)
}

// OwnerSessionsSince lists the sessions on open cases a user owns, from a time on.
func (tx *Tx) OwnerSessionsSince(ctx context.Context, userID string, since int64) ([]*domain.Meeting, error) {
	rows, err := tx.query(ctx, `SELECT `+caseSessionCols+` FROM case_sessions s JOIN cases c ON c.id = s.case_id
		WHERE c.owner_id = ? AND c.status = 'open' AND s.starts_at >= ? ORDER BY s.starts_at, s.id LIMIT 1000`, userID, since)
	if err != nil {
		return nil, err
	}
	return scanCaseSessions(rows)
}

func scanCaseSessions(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]*domain.Meeting, error) {
	defer rows.Close()
	var out []*domain.Meeting
	for rows.Next() {
		var s domain.Meeting
		var starts, created int64
		if err := rows.Scan(&s.ID, &s.CaseID, &s.CaseRef, &s.Kind, &starts, &s.Minutes, &s.Place, &s.Attendance, &s.Cycle, &s.CreatedBy, &created); err != nil {
			return nil, err
		}
		s.StartsAt, s.CreatedAt = fromMS(starts), fromMS(created)
		out = append(out, &s)
	}
	return out, rows.Err()
}

// SetCalendarFeed replaces a user's calendar feed token (only its hash is kept).
func (tx *Tx) SetCalendarFeed(ctx context.Context, userID, tokenHash string) error {
	if err := tx.DeleteCalendarFeed(ctx, userID); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?,?,?)`, userID, tokenHash, ms(tx.now))
	return err
}

// DeleteCalendarFeed revokes a user's feed; it reports whether there was one.
func (tx *Tx) DeleteCalendarFeed(ctx context.Context, userID string) error {
	_, err := tx.exec(ctx, `DELETE FROM calendar_feeds WHERE user_id = ?`, userID)
	return err
}

// HasCalendarFeed tells whether a user has a feed.
func (tx *Tx) HasCalendarFeed(ctx context.Context, userID string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM calendar_feeds WHERE user_id = ?`, userID).Scan(&n)
	return n > 0, err
}

// CalendarFeedUser finds the user a feed token belongs to; ErrNoRows when none.
func (tx *Tx) CalendarFeedUser(ctx context.Context, tokenHash string) (string, error) {
	var id string
	err := tx.queryRow(ctx, `SELECT user_id FROM calendar_feeds WHERE token_hash = ?`, tokenHash).Scan(&id)
	return id, err
}
