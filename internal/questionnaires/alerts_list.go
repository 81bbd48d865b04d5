package questionnaires

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Alerts lists the risk answers nobody has acknowledged for the caller's
// start page: those on cases the caller may see, and those past the
// service's time that were escalated to the caller (the duty person, the
// guider's supervisor), without the answers when the caller can't open the
// case.
func (s *Service) Alerts(ctx context.Context, a accounts.Actor) ([]*domain.OutcomeAlert, error) {
	if err := staff(a); err != nil || a.User.Role == domain.RoleAdmin {
		return nil, err // administrators see no case content
	}
	var out []*domain.OutcomeAlert
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		rs, err := riskSettings(ctx, tx)
		if err != nil {
			return err
		}
		due := s.now().Add(-time.Duration(rs.Hours) * time.Hour)
		all, err := tx.UnacknowledgedAlerts(ctx, time.Time{})
		if err != nil {
			return err
		}
		d := s.describer(tx)
		canSee := map[string]bool{}
		for _, al := range all {
			al.Overdue = al.CreatedAt.Before(due)
			see, known := canSee[al.CaseID]
			if !known {
				see = casework.Authorize(ctx, tx, a, al.CaseID, casework.WantView) == nil
				canSee[al.CaseID] = see
			}
			switch {
			case see:
			case al.Overdue && isTarget(ctx, tx, al, rs, a.ID()):
				al.Limited = true
			default:
				continue
			}
			if err := d.describe(ctx, al); err != nil {
				return err
			}
			out = append([]*domain.OutcomeAlert{al}, out...) // newest first
		}
		return nil
	})
	return out, err
}

// CaseAlerts lists a case's risk alerts, acknowledged or not, with the
// questions and answers, and records the view.
func (s *Service) CaseAlerts(ctx context.Context, a accounts.Actor, caseID string) ([]*domain.OutcomeAlert, error) {
	var out []*domain.OutcomeAlert
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantView); err != nil {
			return err
		}
		var err error
		if out, err = s.caseAlerts(ctx, tx, caseID); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.DB.AuditView(ctx, entry(a, "questionnaire.alerts_view", "case", caseID, caseID, ""))
}

func (s *Service) caseAlerts(ctx context.Context, tx *store.Tx, caseID string) ([]*domain.OutcomeAlert, error) {
	rs, err := riskSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	all, err := tx.CaseAlerts(ctx, caseID)
	if err != nil {
		return nil, err
	}
	due := s.now().Add(-time.Duration(rs.Hours) * time.Hour)
	d := s.describer(tx)
	for _, al := range all {
		al.Overdue = al.AckAt == nil && al.CreatedAt.Before(due)
		if err := d.describe(ctx, al); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// describer fills in alerts: the guider's and acknowledger's names and,
// unless an alert is limited, the risk questions and answers as the parent
// saw them. It keeps the instruments and names it has loaded, for a list.
type describer struct {
	s     *Service
	tx    *store.Tx
	ins   map[string]*Instrument
	names map[string]string
}

func (s *Service) describer(tx *store.Tx) *describer {
	return &describer{s: s, tx: tx, ins: map[string]*Instrument{}, names: map[string]string{}}
}

func (d *describer) describe(ctx context.Context, al *domain.OutcomeAlert) error {
	al.OwnerName = d.name(ctx, al.OwnerID)
	if al.AckBy != "" {
		al.AckByName = d.name(ctx, al.AckBy)
	}
	if al.Limited {
		return nil
	}
	as, err := d.tx.AssignmentByID(ctx, al.AssignmentID)
	if err != nil {
		return err
	}
	in := d.ins[as.InstrumentID]
	if in == nil {
		if in, err = d.s.instrument(ctx, d.tx, as.InstrumentID); err != nil {
			return err
		}
		d.ins[as.InstrumentID] = in
	}
	var sc Score
	_ = json.Unmarshal([]byte(as.Score), &sc)
	for _, r := range sc.Risks {
		al.Items = append(al.Items, domain.AlertItem{Question: r.Text, Answer: answerText(in, r.LinkID, r.Answer)})
	}
	return nil
}

func (d *describer) name(ctx context.Context, id string) string {
	n, ok := d.names[id]
	if !ok {
		n = userName(ctx, d.tx, id)
		d.names[id] = n
	}
	return n
}

// answerText is an answer as the parent saw it: an option's words, or the value.
func answerText(in *Instrument, linkID, v string) string {
	it := in.Item(linkID)
	switch {
	case it == nil:
	case it.Type == TypeBoolean && v != "":
		return map[string]string{"true": "Yes", "false": "No"}[v]
	case it.Option(v) != nil && it.Option(v).Display != "":
		return it.Option(v).Display
	}
	return v
}

func userName(ctx context.Context, tx *store.Tx, id string) string {
	u, err := tx.UserByID(ctx, id)
	if err != nil {
		return "someone no longer on attune"
	}
	return u.Name
}

// isTarget reports whether an overdue alert goes to the user.
func isTarget(ctx context.Context, tx *store.Tx, al *domain.OutcomeAlert, rs RiskSettings, userID string) bool {
	ids, err := escalationTargets(ctx, tx, al, rs)
	return err == nil && slices.Contains(ids, userID)
}
