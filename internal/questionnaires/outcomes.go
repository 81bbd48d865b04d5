package questionnaires

import (
	"context"
	"encoding/json"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Result is a completed questionnaire with its score and, for a repeated
// measure, the change since the first time.
type Result struct {
	Assignment *domain.Assignment
	Instrument *Instrument
	Score      Score
	Change     *Change
}

// Series is one instrument's results on a case, oldest first.
type Series struct {
	Key, Name string
	Results   []*Result
}

// GoalChange is a goal's first and latest rating (the built-in goal-based outcome).
type GoalChange struct {
	Question      string
	First, Latest int
	Ratings       int
}

// Outcomes is everything the case page shows about outcome measures.
type Outcomes struct {
	CaseID      string
	CanEdit     bool
	Open        []*domain.Assignment
	Series      []*Series
	Goals       []GoalChange
	Alerts      []*domain.OutcomeAlert
	Instruments []*Instrument
}

// CaseOutcomes gathers a case's questionnaires, scores, change and goal
// ratings, and records the view.
func (s *Service) CaseOutcomes(ctx context.Context, a accounts.Actor, caseID string) (*Outcomes, error) {
	if err := s.ensureBundled(ctx); err != nil {
		return nil, err
	}
	o := &Outcomes{CaseID: caseID}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantView); err != nil {
			return err
		}
		o.CanEdit = casework.Authorize(ctx, tx, a, caseID, casework.WantEdit) == nil
		if err := s.gather(ctx, tx, o); err != nil {
			return err
		}
		var err error
		o.Alerts, err = s.caseAlerts(ctx, tx, caseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return o, s.DB.AuditView(ctx, entry(a, "outcome.view", "case", caseID, caseID, ""))
}

func (s *Service) gather(ctx context.Context, tx *store.Tx, o *Outcomes) error {
	all, err := tx.CaseAssignments(ctx, o.CaseID)
	if err != nil {
		return err
	}
	versions := map[string]*Instrument{}
	byKey := map[string]*Series{}
	for _, as := range all {
		switch as.Status {
		case domain.AssignmentOpen:
			o.Open = append(o.Open, as)
			continue
		case domain.AssignmentCancelled:
			continue
		}
		in := versions[as.InstrumentID]
		if in == nil {
			if in, err = s.instrument(ctx, tx, as.InstrumentID); err != nil {
				return err
			}
			versions[as.InstrumentID] = in
		}
		r := &Result{Assignment: as, Instrument: in}
		_ = json.Unmarshal([]byte(as.Score), &r.Score)
		sr := byKey[as.InstrumentKey]
		if sr == nil {
			sr = &Series{Key: as.InstrumentKey, Name: as.InstrumentName}
			byKey[as.InstrumentKey] = sr
			o.Series = append(o.Series, sr)
		}
		if first := firstTotal(sr); first != nil && r.Score.Total != nil {
			c := in.Scoring.Compare(*first, *r.Score.Total)
			r.Change = &c
		}
		sr.Results = append(sr.Results, r)
	}
	goals, err := tx.CaseGoals(ctx, o.CaseID)
	for _, g := range goals {
		if n := len(g.Ratings); n > 0 {
			o.Goals = append(o.Goals, GoalChange{Question: g.HelpingQuestion, First: g.Ratings[0].Value, Latest: g.Ratings[n-1].Value, Ratings: n})
		}
	}
	if err != nil {
		return err
	}
	if o.CanEdit {
		latest, err := tx.Instruments(ctx)
		for _, si := range latest {
			if in, err := load(si); err == nil {
				o.Instruments = append(o.Instruments, in)
			}
		}
		return err
	}
	return nil
}

// firstTotal is the series' first total, the baseline change is measured from.
func firstTotal(sr *Series) *float64 {
	for _, r := range sr.Results {
		if r.Score.Total != nil {
			return r.Score.Total
		}
	}
	return nil
}
