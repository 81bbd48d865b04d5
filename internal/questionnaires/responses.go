package questionnaires

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Access is who is filling in a questionnaire: a parent holding the link's
// token, or a guider with the parent (Actor and AssignmentID).
type Access struct {
	Token        string
	Actor        accounts.Actor
	AssignmentID string
}

// Form is an open questionnaire with the answers saved so far.
type Form struct {
	Assignment *domain.Assignment
	Instrument *Instrument
	Answers    Answers
	Version    int64 // the answers version, for the two-tab check
}

var errLinkGone = domain.Errorf(domain.ENOTFOUND, "This link isn't working. It may have been replaced by a newer one, or the questionnaire was already sent — thank you if so. If you still need to fill it in, ask your guider for a new link.")

// resolve finds the open assignment the caller may fill in.
func (s *Service) resolve(ctx context.Context, tx *store.Tx, acc Access) (*domain.Assignment, error) {
	if acc.Token == "" {
		as, err := tx.AssignmentByID(ctx, acc.AssignmentID)
		if err := caseOf(ctx, tx, acc.Actor, "questionnaire", caseIDOf(as), err, casework.WantEdit); err != nil {
			return nil, err
		}
		if as.Status != domain.AssignmentOpen {
			return nil, domain.Errorf(domain.ECONFLICT, "This questionnaire is already %s; its answers can't be changed.", as.Status)
		}
		return as, nil
	}
	as, err := tx.AssignmentByToken(ctx, auth.HashToken(acc.Token))
	if store.IsNotFound(err) {
		return nil, errLinkGone
	} else if err != nil {
		return nil, err
	}
	if !s.now().Before(as.ExpiresAt) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "This link stopped working on %s. The answers you saved are kept: ask your guider for a new link to finish.",
			as.ExpiresAt.Local().Format("Monday 2 January"))
	}
	return as, nil
}

// Open loads the questionnaire and the answers saved so far, and records the view.
func (s *Service) Open(ctx context.Context, acc Access) (*Form, error) {
	f := &Form{}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if f.Assignment, err = s.resolve(ctx, tx, acc); err != nil {
			return err
		}
		if f.Instrument, err = s.instrument(ctx, tx, f.Assignment.InstrumentID); err != nil {
			return err
		}
		if f.Answers, err = tx.Answers(ctx, f.Assignment.ID); err != nil {
			return err
		}
		f.Version, err = tx.AnswersVersion(ctx, f.Assignment.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, s.DB.AuditView(ctx, entry(acc.Actor, "questionnaire.open", "assignment", f.Assignment.ID, f.Assignment.CaseID, by(acc)))
}

func by(acc Access) string {
	if acc.Token != "" {
		return "parent"
	}
	return acc.Actor.ID()
}

// Submit scores the saved answers and completes the questionnaire. It can
// happen once: the link stops working and the answers can't be read through
// it. A risk answer alerts the guider at once.
func (s *Service) Submit(ctx context.Context, acc Access) (*domain.Assignment, Score, error) {
	var as *domain.Assignment
	var sc Score
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if as, err = s.resolve(ctx, tx, acc); err != nil {
			return err
		}
		in, err := s.instrument(ctx, tx, as.InstrumentID)
		if err != nil {
			return err
		}
		ans, err := tx.Answers(ctx, as.ID)
		if err != nil {
			return err
		}
		ans, dropped := in.Prune(ans)
		for _, k := range dropped {
			if err := tx.SaveAnswer(ctx, as.ID, k, ""); err != nil {
				return err
			}
		}
		if err := unanswered(in, ans); err != nil {
			return err
		}
		sc = in.Score(ans)
		return s.complete(ctx, tx, acc, as, sc)
	})
	if err == nil && len(sc.Risks) > 0 {
		s.mailRisk(ctx, as)
	}
	return as, sc, err
}

func (s *Service) complete(ctx context.Context, tx *store.Tx, acc Access, as *domain.Assignment, sc Score) error {
	b, err := json.Marshal(sc)
	if err != nil {
		return err
	}
	as.CompletedBy, as.Total, as.Band, as.Score, as.Risk = by(acc), sc.Total, sc.Band, string(b), len(sc.Risks) > 0
	ok, err := tx.CompleteAssignment(ctx, as)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.ECONFLICT, "These answers were already sent; nothing was changed.")
	}
	if err := audit(ctx, tx, acc.Actor, "questionnaire.submit", "assignment", as.ID, as.CaseID, by(acc)); err != nil {
		return err
	}
	if !as.Risk {
		return nil
	}
	al := &domain.OutcomeAlert{ID: auth.NewID(), CaseID: as.CaseID, AssignmentID: as.ID}
	if err := tx.CreateAlert(ctx, al); err != nil {
		return err
	}
	return audit(ctx, tx, acc.Actor, "questionnaire.risk", "assignment", as.ID, as.CaseID, fmt.Sprintf("%d risk answer(s)", len(sc.Risks)))
}

// unanswered refuses a submission that leaves a required question unanswered.
func unanswered(in *Instrument, ans Answers) error {
	var missing []string
	first := ""
	for _, it := range in.Questions() {
		if it.Required && in.Enabled(it, ans) && ans[it.LinkID] == "" {
			missing = append(missing, it.number())
			if first == "" {
				first = it.LinkID
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return domain.FieldError(first, "Please answer question %s before sending; your other answers are saved.", strings.Join(missing, ", "))
}
