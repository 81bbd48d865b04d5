package supervision

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// mayFollow tells whether the caller may see a user's log: themselves, an
// administrator (the service lead), their supervisor, or their supervisor's
// supervisor.
func mayFollow(ctx context.Context, tx *store.Tx, a accounts.Actor, traineeID string) error {
	if a.User == nil || !a.User.Active() {
		return domain.NotFound("accreditation log")
	}
	if a.ID() == traineeID || a.User.Role == domain.RoleAdmin {
		return nil
	}
	ups, err := tx.SupervisorsOf(ctx, traineeID)
	if err != nil {
		return err
	}
	for _, u := range ups {
		if u.SupervisorID == a.ID() {
			return nil
		}
		if ok, err := tx.Supervises(ctx, a.ID(), u.SupervisorID); err != nil || ok {
			return err
		}
	}
	return domain.NotFound("accreditation log")
}

// Log builds a trainee's accreditation log from their work; the view is audited.
func (s *Service) Log(ctx context.Context, a accounts.Actor, traineeID string) (*Log, error) {
	var l *Log
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := mayFollow(ctx, tx, a, traineeID); err != nil {
			return err
		}
		var err error
		l, err = buildLog(ctx, tx, traineeID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return l, s.DB.AuditView(ctx, entry(a, "accreditation.view", "user", traineeID, "", ""))
}

func buildLog(ctx context.Context, tx *store.Tx, traineeID string) (*Log, error) {
	u, err := tx.UserByID(ctx, traineeID)
	if store.IsNotFound(err) {
		return nil, domain.NotFound("accreditation log")
	} else if err != nil {
		return nil, err
	}
	stages, err := tx.AccreditationStages(ctx)
	if err != nil {
		return nil, err
	}
	meetings, err := tx.AccreditationMeetings(ctx, traineeID)
	if err != nil {
		return nil, err
	}
	cycles, err := tx.ReviewedCycles(ctx, traineeID)
	if err != nil {
		return nil, err
	}
	all, err := tx.SupervisionSessionsOf(ctx, traineeID)
	if err != nil {
		return nil, err
	}
	var sessions []*domain.SupervisionSession
	for _, x := range all {
		if x.TraineeID == traineeID {
			sessions = append(sessions, x)
		}
	}
	l := fill(stages, meetings, cycles, sessions)
	l.Trainee = u
	if l.DoubleCoded, l.Agreement, err = doubleCoding(ctx, tx, traineeID); err != nil {
		return nil, err
	}
	l.Statement, err = tx.ReflectiveStatement(ctx, traineeID)
	return l, err
}

// MeetingInput is a stage review or the accreditation meeting.
type MeetingInput struct {
	TraineeID string
	Stage     int
	Kind      string
	HeldOn    string
	Reviewer  string
	Outcome   string
}

// AddMeeting records a stage review or the accreditation meeting; the
// trainee's supervisor records it.
func (s *Service) AddMeeting(ctx context.Context, a accounts.Actor, in MeetingInput) (*domain.AccreditationMeeting, error) {
	in.Reviewer, in.Outcome = line(in.Reviewer), text(in.Outcome)
	if _, err := time.Parse(time.DateOnly, in.HeldOn); err != nil {
		return nil, domain.FieldError("held_on", "Enter the date of the meeting, for example 2026-11-20.")
	}
	if in.Kind != domain.MeetingTransition && in.Kind != domain.MeetingAccreditation {
		return nil, domain.FieldError("kind", "Choose the end-of-stage review or the accreditation meeting.")
	}
	if in.Reviewer == "" || tooLong(in.Reviewer, 120) || tooLong(in.Outcome, 4000) {
		return nil, domain.FieldError("reviewer", "Enter who held the review (the external supervisor), in up to 120 characters.")
	}
	m := &domain.AccreditationMeeting{ID: auth.NewID(), TraineeID: in.TraineeID, Stage: in.Stage, Kind: in.Kind, HeldOn: in.HeldOn,
		Reviewer: in.Reviewer, Outcome: in.Outcome, RecordedBy: a.ID()}
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		if ok, err := tx.Supervises(ctx, a.ID(), in.TraineeID); err != nil || !ok {
			return firstErr(err, domain.NotFound("accreditation log"))
		}
		stages, err := tx.AccreditationStages(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(stages, func(st domain.AccreditationStage) bool { return st.Number == in.Stage })
		if i < 0 || (in.Kind == domain.MeetingAccreditation && !stages[i].Final) {
			return domain.FieldError("stage", "Choose one of the stages in the list; the accreditation meeting follows the final stage.")
		}
		if err := tx.AddAccreditationMeeting(ctx, m); err != nil {
			return err
		}
		return audit(ctx, tx, a, "accreditation.meeting", "user", in.TraineeID, "", fmt.Sprintf("%s stage %d", in.Kind, in.Stage))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// SetStatement writes the caller's own reflective statement.
func (s *Service) SetStatement(ctx context.Context, a accounts.Actor, body string) error {
	body = text(body)
	if !staff(a) {
		return domain.Errorf(domain.EFORBIDDEN, "Trainees write their own reflective statement.")
	}
	if tooLong(body, 20000) {
		return domain.FieldError("statement", "Keep the reflective statement to 20,000 characters.")
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetReflectiveStatement(ctx, a.ID(), body); err != nil {
			return err
		}
		return audit(ctx, tx, a, "accreditation.statement", "user", a.ID(), "", "")
	})
}
