package questionnaires

import (
	"context"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/store"
)

// Report is the service's anonymous figures for a period. attune has no
// teams yet, so it covers the whole service.
type Report struct {
	From, To time.Time
	store.ReportCounts
	Measures []*MeasureSummary
	Goals    GoalSummary
}

// MeasureSummary is one instrument's change, over cases that completed it
// at least twice with the later time in the period.
type MeasureSummary struct {
	Name                        string
	Pairs                       int
	MeanFirst, MeanLast         float64
	MeanChange                  float64
	Judged                      int // pairs the reliable change could be judged on
	Improved, Recovered, Worsen int
}

// Share is a count as a share of the judged pairs, 0 to 1.
func (m *MeasureSummary) Share(n int) float64 {
	if m.Judged == 0 {
		return 0
	}
	return float64(n) / float64(m.Judged)
}

// GoalSummary is the change in goal ratings, first to latest, for goals
// rated at least twice with the latest rating in the period.
type GoalSummary struct {
	Goals                           int
	MeanFirst, MeanLatest, MeanDiff float64
}

// Report gathers the service's figures (administrators only); it names no
// case or family.
func (s *Service) Report(ctx context.Context, a accounts.Actor, from, to time.Time) (*Report, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	r := &Report{From: from, To: to}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if r.ReportCounts, err = tx.ReportCounts(ctx, from, to); err != nil {
			return err
		}
		if err := s.measures(ctx, tx, r); err != nil {
			return err
		}
		ratings, err := tx.GoalRatingRows(ctx)
		r.Goals = goalSummary(ratings, from, to)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, s.DB.AuditView(ctx, entry(a, "report.view", "report", "", "", from.Format("2006-01-02")+".."+to.Format("2006-01-02")))
}

func (s *Service) measures(ctx context.Context, tx *store.Tx, r *Report) error {
	rows, err := tx.ScoredResponses(ctx)
	if err != nil {
		return err
	}
	type pair struct{ first, last *store.ScoredResponse }
	pairs := map[[2]string]*pair{}
	var order [][2]string
	for i := range rows {
		k := [2]string{rows[i].CaseID, rows[i].InstrumentKey}
		p := pairs[k]
		if p == nil {
			pairs[k] = &pair{first: &rows[i]}
			order = append(order, k)
			continue
		}
		p.last = &rows[i]
	}
	byName := map[string]*MeasureSummary{}
	versions := map[string]*Instrument{}
	for _, k := range order {
		p := pairs[k]
		if p.last == nil || p.last.CompletedAt.Before(r.From) || !p.last.CompletedAt.Before(r.To) {
			continue
		}
		in := versions[p.last.InstrumentID]
		if in == nil {
			if in, err = s.instrument(ctx, tx, p.last.InstrumentID); err != nil {
				return err
			}
			versions[p.last.InstrumentID] = in
		}
		m := byName[p.last.InstrumentName]
		if m == nil {
			m = &MeasureSummary{Name: p.last.InstrumentName}
			byName[m.Name] = m
			r.Measures = append(r.Measures, m)
		}
		m.add(in.Scoring.Compare(p.first.Total, p.last.Total))
	}
	for _, m := range r.Measures {
		n := float64(m.Pairs)
		m.MeanFirst, m.MeanLast, m.MeanChange = round(m.MeanFirst/n, 2), round(m.MeanLast/n, 2), round(m.MeanChange/n, 2)
	}
	return nil
}

// add counts one pair; the means are sums until measures divides them.
func (m *MeasureSummary) add(c Change) {
	m.Pairs++
	m.MeanFirst += c.From
	m.MeanLast += c.To
	m.MeanChange += c.Diff
	if c.Direction == Unknown {
		return
	}
	m.Judged++
	switch c.Direction {
	case Improved:
		m.Improved++
	case Deteriorated:
		m.Worsen++
	}
	if c.Recovered {
		m.Recovered++
	}
}

func goalSummary(rows []store.GoalRatingRow, from, to time.Time) GoalSummary {
	first, last := map[string]store.GoalRatingRow{}, map[string]store.GoalRatingRow{}
	var order []string
	for _, r := range rows {
		if _, ok := first[r.GoalID]; !ok {
			first[r.GoalID] = r
			order = append(order, r.GoalID)
			continue
		}
		last[r.GoalID] = r
	}
	var g GoalSummary
	for _, id := range order {
		l, ok := last[id]
		if !ok || l.CreatedAt.Before(from) || !l.CreatedAt.Before(to) {
			continue
		}
		g.Goals++
		g.MeanFirst += float64(first[id].Value)
		g.MeanLatest += float64(l.Value)
	}
	if g.Goals > 0 {
		n := float64(g.Goals)
		g.MeanFirst, g.MeanLatest = round(g.MeanFirst/n, 2), round(g.MeanLatest/n, 2)
		g.MeanDiff = round(g.MeanLatest-g.MeanFirst, 2)
	}
	return g
}
