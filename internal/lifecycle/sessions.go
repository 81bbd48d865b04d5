package lifecycle

import (
	"context"
	"slices"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Session kinds, places and attendance values, in the order forms show them.
var (
	SessionKinds = []string{domain.SessionFirstMeeting, domain.SessionFilming, domain.SessionReview, domain.SessionEnding, domain.SessionFollowUp}
	Places       = []string{"home", "clinic", "video_call"}
	Attendances  = []string{"", "attended", "cancelled", "did_not_attend"}
)

// SessionInput is a session to schedule.
type SessionInput struct {
	Kind     string
	StartsAt time.Time
	Minutes  int
	Place    string
}

// Validate names the first field to fix.
func (in *SessionInput) Validate() error {
	if in.Minutes == 0 {
		in.Minutes = 60
	}
	switch {
	case !slices.Contains(SessionKinds, in.Kind):
		return domain.FieldError("kind", "Choose what the session is: first_meeting, filming, review, ending or follow_up.")
	case in.StartsAt.IsZero() || in.StartsAt.Year() < 2000 || in.StartsAt.Year() > 2100:
		return domain.FieldError("starts_at", "Enter when the session starts, as a date and time, for example 2026-12-03T10:00:00Z.")
	case in.Minutes < 5 || in.Minutes > 480:
		return domain.FieldError("minutes", "A session lasts from 5 to 480 minutes.")
	case !slices.Contains(Places, in.Place):
		return domain.FieldError("place", "Choose where the session is: home, clinic or video_call.")
	}
	return nil
}

// Schedule adds a session to a case.
func (s *Service) Schedule(ctx context.Context, a accounts.Actor, caseID string, in SessionInput) (*domain.Meeting, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	m := &domain.Meeting{ID: auth.NewID(), CaseID: caseID, Kind: in.Kind, StartsAt: in.StartsAt.UTC().Truncate(time.Minute),
		Minutes: in.Minutes, Place: in.Place, CreatedBy: a.ID()}
	err := s.edit(ctx, a, caseID, func(tx *store.Tx) error {
		if m.Kind == domain.SessionFilming || m.Kind == domain.SessionReview {
			var err error
			if m.Cycle, err = tx.CurrentCycle(ctx, caseID); err != nil {
				return err
			}
		}
		if err := tx.CreateCaseSession(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, a, "session.create", "session", m.ID, caseID, "")
	})
	return m, err
}

// SetAttendance records whether a session took place.
func (s *Service) SetAttendance(ctx context.Context, a accounts.Actor, id, attendance string) error {
	if !slices.Contains(Attendances, attendance) {
		return domain.FieldError("attendance", "Say whether the session was attended, cancelled or did_not_attend.")
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.CaseSessionByID(ctx, id)
		caseID := ""
		if m != nil {
			caseID = m.CaseID
		}
		if err := caseOf(ctx, tx, a, "session", caseID, err, casework.WantEdit); err != nil {
			return err
		}
		if err := tx.SetAttendance(ctx, id, attendance); err != nil {
			return err
		}
		return audit(ctx, tx, a, "session.attendance", "session", id, caseID, attendance)
	})
}

// Sessions lists a case's sessions by time.
func (s *Service) Sessions(ctx context.Context, a accounts.Actor, caseID string) ([]*domain.Meeting, error) {
	var out []*domain.Meeting
	err := s.view(ctx, a, caseID, "session", func(tx *store.Tx) error {
		var err error
		out, err = tx.CaseSessionsOf(ctx, caseID)
		return err
	})
	return out, err
}

// SessionKindLabel and PlaceLabel say kinds and places in words.
func SessionKindLabel(kind string) string {
	return map[string]string{domain.SessionFirstMeeting: "First meeting", domain.SessionFilming: "Filming",
		domain.SessionReview: "Shared review", domain.SessionEnding: "Ending", domain.SessionFollowUp: "Follow-up"}[kind]
}

// PlaceLabel says where a session is.
func PlaceLabel(place string) string {
	return map[string]string{"home": "At home", "clinic": "At the clinic", "video_call": "Video call"}[place]
}
