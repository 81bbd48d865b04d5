package questionnaires

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// ResponseView is a completed questionnaire as the guider reads it: each
// question with its answer, and the answer the time before.
type ResponseView struct {
	Assignment *domain.Assignment
	Instrument *Instrument
	Score      Score
	Previous   *domain.Assignment // the same instrument completed before on the case; nil the first time
	PrevScore  *Score
	Items      []ResponseItem
}

// ResponseItem is one question and its answer, as the parent saw them.
type ResponseItem struct {
	Number   string // the question's printed number; "" when it has none
	Question string
	Answer   string // "" when not answered
	Before   string // the answer the time before
	Changed  bool   // answered differently from the time before
	Risk     bool   // a risk answer
	Free     bool   // typed, not chosen
}

// Response shows a completed questionnaire's answers to someone who may see
// the case, and records the viewing.
func (s *Service) Response(ctx context.Context, a accounts.Actor, id string) (*ResponseView, error) {
	v := &ResponseView{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		as, err := tx.AssignmentByID(ctx, id)
		if err := caseOf(ctx, tx, a, "response", caseIDOf(as), err, casework.WantView); err != nil {
			return err
		}
		if as.Status != domain.AssignmentCompleted {
			return domain.Errorf(domain.ECONFLICT, "This questionnaire hasn't been sent yet, so there are no answers to read. Open it from the case to fill it in with the parent.")
		}
		return s.fillResponse(ctx, tx, v, as)
	})
	if err != nil {
		return nil, err
	}
	return v, s.DB.AuditView(ctx, entry(a, "questionnaire.response_view", "assignment", id, v.Assignment.CaseID, ""))
}

func (s *Service) fillResponse(ctx context.Context, tx *store.Tx, v *ResponseView, as *domain.Assignment) error {
	var err error
	v.Assignment = as
	if v.Instrument, err = s.instrument(ctx, tx, as.InstrumentID); err != nil {
		return err
	}
	_ = json.Unmarshal([]byte(as.Score), &v.Score)
	ans, err := tx.Answers(ctx, as.ID)
	if err != nil {
		return err
	}
	before := Answers{}
	if v.Previous, err = previousResponse(ctx, tx, as); err != nil {
		return err
	}
	if v.Previous != nil {
		v.PrevScore = &Score{}
		_ = json.Unmarshal([]byte(v.Previous.Score), v.PrevScore)
		if before, err = tx.Answers(ctx, v.Previous.ID); err != nil {
			return err
		}
	}
	v.Items = readItems(v.Instrument, ans, before, v.Previous != nil, v.Score.Risks)
	return nil
}

// previousResponse is the same instrument's latest completion on the case
// before this one.
func previousResponse(ctx context.Context, tx *store.Tx, as *domain.Assignment) (*domain.Assignment, error) {
	all, err := tx.CaseAssignments(ctx, as.CaseID)
	if err != nil {
		return nil, err
	}
	var prev *domain.Assignment
	for _, o := range all {
		if o.ID == as.ID || o.Status != domain.AssignmentCompleted || o.InstrumentKey != as.InstrumentKey || !o.CompletedAt.Before(*as.CompletedAt) {
			continue
		}
		if prev == nil || o.CompletedAt.After(*prev.CompletedAt) {
			prev = o
		}
	}
	return prev, nil
}

func readItems(in *Instrument, ans, before Answers, compare bool, risks []Risk) []ResponseItem {
	risky := map[string]bool{}
	for _, r := range risks {
		risky[r.LinkID] = true
	}
	var out []ResponseItem
	for _, it := range in.Questions() {
		if !in.Enabled(it, ans) && ans[it.LinkID] == "" {
			continue
		}
		ri := ResponseItem{Number: strings.TrimSuffix(it.Prefix, "."), Question: it.Text, Answer: answerText(in, it.LinkID, ans[it.LinkID]),
			Risk: risky[it.LinkID], Free: len(it.Options) == 0 && it.Type != TypeBoolean}
		if compare {
			ri.Before = answerText(in, it.LinkID, before[it.LinkID])
			ri.Changed = ri.Before != ri.Answer
		}
		out = append(out, ri)
	}
	return out
}
