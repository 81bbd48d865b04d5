package family

import (
	"context"
	"sort"
	"time"

	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/store"
)

// Home is what a parent's portal shows: their own case only.
type Home struct {
	Goals          []*domain.Goal
	Sessions       []*domain.Meeting // the next ones, soonest first
	Questionnaires []Questionnaire
	Films          []*domain.Film
}

// Questionnaire is an open questionnaire with the title parents read.
type Questionnaire struct {
	*domain.Assignment
	Title string
}

// Home gathers the parent's page; looking at it is audited.
func (s *Service) Home(ctx context.Context, p *Parent) (*Home, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	h := &Home{}
	now := s.now()
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		goals, err := tx.CaseGoals(ctx, p.CaseID())
		if err != nil {
			return err
		}
		for _, g := range goals {
			if g.Status != domain.GoalClosed || len(g.Ratings) > 0 {
				h.Goals = append(h.Goals, g)
			}
		}
		if h.Sessions, err = upcoming(ctx, tx, p.CaseID(), now); err != nil {
			return err
		}
		h.Questionnaires, err = openQuestionnaires(ctx, tx, p.CaseID())
		return err
	})
	if err != nil {
		return nil, err
	}
	if s.Films != nil {
		if h.Films, err = s.Films.Released(ctx, p.viewer()); err != nil {
			return nil, err
		}
	}
	return h, s.DB.AuditView(ctx, p.entry("family.home.view", "case", p.CaseID(), ""))
}

// openQuestionnaires lists a case's open questionnaires by their titles.
func openQuestionnaires(ctx context.Context, tx *store.Tx, caseID string) ([]Questionnaire, error) {
	as, err := tx.CaseAssignments(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var out []Questionnaire
	for _, a := range as {
		if a.Status != domain.AssignmentOpen {
			continue
		}
		si, err := tx.InstrumentByID(ctx, a.InstrumentID)
		if err != nil {
			return nil, err
		}
		out = append(out, Questionnaire{Assignment: a, Title: questionnaires.Title(si)})
	}
	return out, nil
}

func upcoming(ctx context.Context, tx *store.Tx, caseID string, now time.Time) ([]*domain.Meeting, error) {
	all, err := tx.CaseSessionsOf(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var out []*domain.Meeting
	for _, m := range all {
		if m.StartsAt.After(now.Add(-time.Hour)) && m.Attendance != "cancelled" {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].StartsAt.Before(out[j].StartsAt) })
	return out, nil
}

// Calendar is the parent's next sessions as an iCalendar file.
func (s *Service) Calendar(ctx context.Context, p *Parent) ([]byte, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	var ms []*domain.Meeting
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) {
		ms, err = upcoming(ctx, tx, p.CaseID(), s.now())
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.DB.AuditView(ctx, p.entry("family.calendar", "case", p.CaseID(), "")); err != nil {
		return nil, err
	}
	return lifecycle.ICalendar(ms, s.now()), nil
}

// OpenQuestionnaire gives the parent a fresh link to one of their open
// questionnaires (the parent's questionnaire page opens by link). It is the
// portal's own: the link the guider sent keeps working, and the portal's
// previous one stops.
func (s *Service) OpenQuestionnaire(ctx context.Context, p *Parent, assignmentID string) (string, error) {
	if err := p.ready(); err != nil {
		return "", err
	}
	plain, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.AssignmentByID(ctx, assignmentID)
		if store.IsNotFound(err) || (err == nil && (a.CaseID != p.CaseID() || a.Status != domain.AssignmentOpen)) {
			return domain.NotFound("questionnaire")
		} else if err != nil {
			return err
		}
		if err := tx.SetAssignmentPortalLink(ctx, a.ID, hash, s.now().Add(s.InviteLifetime).UnixMilli()); err != nil {
			return err
		}
		return tx.Audit(ctx, p.entry("family.questionnaire.open", "assignment", a.ID, ""))
	})
	return plain, err
}
