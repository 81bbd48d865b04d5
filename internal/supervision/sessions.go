package supervision

import (
	"context"
	"slices"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// SessionInput is a supervision session as the supervisor records it.
type SessionInput struct {
	TraineeID      string
	HeldOn         string // YYYY-MM-DD
	Minutes        int
	Mode           string
	ShareIDs       []string // material discussed; its cases are logged with it
	LearningPoints string
}

var modes = []string{domain.SupervisionInPerson, domain.SupervisionVideoCall, domain.SupervisionGroup}

// Validate cleans the input and names the first field to fix.
func (in *SessionInput) Validate(now time.Time) error {
	in.LearningPoints = text(in.LearningPoints)
	d, err := time.Parse(time.DateOnly, in.HeldOn)
	switch {
	case err != nil:
		return domain.FieldError("held_on", "Enter the date of the session as a date, for example 2026-11-20.")
	case d.After(now.Add(24 * time.Hour)):
		return domain.FieldError("held_on", "The session is in the future: record it once it has taken place.")
	case in.Minutes < 5 || in.Minutes > 600:
		return domain.FieldError("minutes", "Enter how long the session took, in minutes: from 5 to 600.")
	case !slices.Contains(modes, in.Mode):
		return domain.FieldError("mode", "Choose how you met: in person, video call or group.")
	case tooLong(in.LearningPoints, 10000):
		return domain.FieldError("learning_points", "Keep the learning points to 10,000 characters.")
	}
	return nil
}

// RecordSession logs a supervision session the caller held with one of their trainees.
func (s *Service) RecordSession(ctx context.Context, a accounts.Actor, in SessionInput) (*domain.SupervisionSession, error) {
	if !staff(a) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "Supervisors record supervision sessions.")
	}
	if err := in.Validate(time.Now()); err != nil {
		return nil, err
	}
	x := &domain.SupervisionSession{ID: auth.NewID(), SupervisorID: a.ID(), TraineeID: in.TraineeID, HeldOn: in.HeldOn,
		Minutes: in.Minutes, Mode: in.Mode, LearningPoints: in.LearningPoints, RecordedBy: a.ID()}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if ok, err := tx.Supervises(ctx, a.ID(), in.TraineeID); err != nil {
			return err
		} else if !ok {
			return domain.FieldError("trainee_id", "Choose one of your supervisees: an administrator records who you supervise.")
		}
		for _, id := range in.ShareIDs {
			m, _, err := s.reach(ctx, tx, a, id)
			if err != nil || m.TraineeID != in.TraineeID {
				return domain.FieldError("share_ids", "Choose material this supervisee shared with you; one of the items isn't shared with you any more.")
			}
			x.ShareIDs = append(x.ShareIDs, id)
			if !slices.Contains(x.CaseIDs, m.CaseID) {
				x.CaseIDs = append(x.CaseIDs, m.CaseID)
			}
		}
		if err := tx.CreateSupervisionSession(ctx, x); err != nil {
			return err
		}
		return audit(ctx, tx, a, "supervision.session", "supervision_session", x.ID, "", "with "+in.TraineeID)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// Timeline lists the caller's supervision sessions, as trainee or supervisor, newest first.
func (s *Service) Timeline(ctx context.Context, a accounts.Actor) ([]*domain.SupervisionSession, error) {
	if !staff(a) {
		return nil, domain.NotFound("supervision session")
	}
	var out []*domain.SupervisionSession
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.SupervisionSessionsOf(ctx, a.ID())
		return err
	})
	return out, err
}
