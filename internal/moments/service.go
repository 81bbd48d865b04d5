// Package moments is what the guider sees of the moment finder: a
// recording's speakers, turns and suggested moments, accepting a
// suggestion as a coded moment or dismissing it, and the figures per cycle.
// Everything is authorized like the recording itself.
package moments

import (
	"context"
	"encoding/json"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/turns"
)

// Service holds what the moment finder's views need.
type Service struct {
	DB       *store.DB
	Files    *recordings.Service // footage checks (a supervisor needs supervision consent)
	Analysis *analysis.Service   // accepting a suggestion codes a moment
}

// Status beyond the analysis's own: the family has not consented.
const NotConsented = "not_consented"

// Recording is a recording's moments as the workspace shows them.
type Recording struct {
	RecordingID string
	Status      string // processing, ready, no_audio, failed or not_consented
	Progress    float64
	Error       string
	Analysis    *domain.MomentAnalysis // nil until there is one
	Timeline    turns.Timeline
	Suggestions []Suggestion
}

// Suggestion is a stored suggestion with its words.
type Suggestion struct {
	*domain.MomentSuggestion
	Label string
}

// Recording loads a recording's moments for the caller.
func (s *Service) Recording(ctx context.Context, a accounts.Actor, recordingID string) (*Recording, error) {
	out := &Recording{RecordingID: recordingID, Timeline: turns.Timeline{Utterances: []turns.Utterance{}, Turns: []turns.Turn{}}}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		rec, err := s.footage(ctx, tx, a, recordingID, casework.WantView)
		if err != nil {
			return err
		}
		return s.fill(ctx, tx, rec, out)
	})
	return out, err
}

func (s *Service) footage(ctx context.Context, tx *store.Tx, a accounts.Actor, recordingID, want string) (*domain.Recording, error) {
	rec, err := recordings.Load(ctx, tx, a, recordingID, want)
	if err != nil {
		return nil, err
	}
	if s.Files != nil {
		if err := s.Files.CheckFootage(ctx, tx, a, rec.CaseID); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

func (s *Service) fill(ctx context.Context, tx *store.Tx, rec *domain.Recording, out *Recording) error {
	m, err := tx.MomentAnalysis(ctx, rec.ID)
	if store.IsNotFound(err) {
		ok, err := tx.HasConsentInForce(ctx, rec.CaseID, domain.PurposeAnalysis)
		out.Status = domain.MomentsProcessing
		if !ok {
			out.Status = NotConsented
		}
		return err
	} else if err != nil {
		return err
	}
	out.Analysis, out.Status, out.Progress, out.Error = m, m.Status, m.Progress, m.Error
	if m.Timeline != "" {
		if err := json.Unmarshal([]byte(m.Timeline), &out.Timeline); err != nil {
			return err
		}
	}
	ss, err := tx.MomentSuggestions(ctx, rec.ID)
	if err != nil {
		return err
	}
	child, adult, err := names(ctx, tx, rec.CaseID)
	if err != nil {
		return err
	}
	for _, sg := range ss {
		out.Suggestions = append(out.Suggestions, Suggestion{sg, label(sg, child, adult)})
	}
	return nil
}

// names are the child's and the adult's names as the case shows them
// (initials where it asks for initials only) when the case has exactly one
// of each; otherwise "" (the label then says "Child", "adult").
func names(ctx context.Context, tx *store.Tx, caseID string) (child, adult string, err error) {
	c, err := tx.CaseByID(ctx, caseID)
	if err != nil {
		return "", "", err
	}
	var children, adults []string
	for _, p := range c.Participants {
		if p.Role == domain.ParticipantChild {
			children = append(children, casework.DisplayName(c, p))
		} else {
			adults = append(adults, casework.DisplayName(c, p))
		}
	}
	if len(children) == 1 {
		child = children[0]
	}
	if len(adults) == 1 {
		adult = adults[0]
	}
	return child, adult, nil
}

func label(s *domain.MomentSuggestion, child, adult string) string {
	return turns.Suggestion{LatencyMs: int(s.LatencyMS), Turns: s.Turns}.Label(child, adult)
}
