package lifecycle

import (
	"cmp"
	"context"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// cycleMoves are the allowed moves of a cycle: filmed, edited, reviewed in
// order; any unfinished cycle may be cancelled (to end early).
var cycleMoves = map[string][]string{
	domain.CyclePlanned: {domain.CycleFilmed, domain.CycleCancelled},
	domain.CycleFilmed:  {domain.CycleEdited, domain.CycleCancelled},
	domain.CycleEdited:  {domain.CycleReviewed, domain.CycleCancelled},
}

// CycleChange moves a cycle on; the review carries the parent's words.
type CycleChange struct {
	Status      string
	ParentWords string
	NextSteps   string
}

// AddCycle adds one more cycle to a case in its cycles.
func (s *Service) AddCycle(ctx context.Context, a accounts.Actor, caseID string) error {
	return s.edit(ctx, a, caseID, func(tx *store.Tx) error {
		if err := inStage(ctx, tx, caseID, domain.StageCycles, "Cycles are added while the case is in its cycles."); err != nil {
			return err
		}
		return addCycles(ctx, tx, a, caseID, 1)
	})
}

// MoveCycle moves a cycle to its next state, if the move is allowed.
func (s *Service) MoveCycle(ctx context.Context, a accounts.Actor, id string, ch CycleChange) (*domain.Cycle, error) {
	ch.ParentWords, ch.NextSteps = text(ch.ParentWords), text(ch.NextSteps)
	if tooLong(ch.ParentWords, 10000) || tooLong(ch.NextSteps, 10000) {
		return nil, domain.FieldError("parent_words", "Keep the review notes to 10,000 characters each.")
	}
	var c *domain.Cycle
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.CycleByID(ctx, id)
		caseID := ""
		if c != nil {
			caseID = c.CaseID
		}
		if err := caseOf(ctx, tx, a, "cycle", caseID, err, casework.WantEdit); err != nil {
			return err
		}
		if err := inStage(ctx, tx, c.CaseID, domain.StageCycles, "Cycles move on while the case is in its cycles."); err != nil {
			return err
		}
		from := c.Status
		if !allowedMove(from, ch.Status) {
			return domain.FieldError("status", "Cycle %d is %s; it can't become %q. A cycle is filmed, then edited, then reviewed, or cancelled.", c.Number, CycleLabel(from), ch.Status)
		}
		c.Status, c.StatusSource, c.StatusBy = ch.Status, domain.StatusManual, a.ID()
		if ch.Status == domain.CycleReviewed { // words left empty keep what the shared review wrote
			c.ParentWords, c.NextSteps = cmp.Or(ch.ParentWords, c.ParentWords), cmp.Or(ch.NextSteps, c.NextSteps)
		}
		if err := tx.UpdateCycle(ctx, c, from); err != nil {
			return err
		}
		return audit(ctx, tx, a, "cycle.update", "cycle", c.ID, c.CaseID, from+"->"+c.Status)
	})
	return c, err
}

func allowedMove(from, to string) bool {
	for _, t := range cycleMoves[from] {
		if t == to {
			return true
		}
	}
	return false
}

func inStage(ctx context.Context, tx *store.Tx, caseID, want, msg string) error {
	stage, err := tx.CaseStage(ctx, caseID)
	if err != nil {
		return err
	}
	if stage != want {
		return domain.Errorf(domain.ECONFLICT, "%s This case is at the %s.", msg, StageLabel(stage))
	}
	return nil
}

// CycleLabel says a cycle state in words.
func CycleLabel(status string) string {
	return map[string]string{domain.CyclePlanned: "not filmed yet", domain.CycleFilmed: "filmed, to edit",
		domain.CycleEdited: "edited, to review", domain.CycleReviewed: "reviewed", domain.CycleCancelled: "cancelled"}[status]
}

// StatusNote says what set a cycle's status, who and when, for people:
// "marked by hand by Gail Ash, 7 Dec 2026" or "a clip was made (Gail Ash,
// 7 Dec 2026)". A cycle not started says nothing.
func StatusNote(c *domain.Cycle) string {
	what, byWork := map[string]string{domain.StatusRecording: "a recording was added",
		domain.StatusClip: "a clip was made", domain.StatusFilm: "a film was made",
		domain.StatusReview: "the shared review's words were written"}[c.StatusSource]
	when := ""
	if !c.StatusAt.IsZero() {
		when = c.StatusAt.Local().Format("2 Jan 2006")
	}
	switch {
	case byWork:
		if who := strings.Join(nonEmpty(c.StatusByName, when), ", "); who != "" {
			return what + " (" + who + ")"
		}
		return what
	case c.Status == domain.CyclePlanned:
		return ""
	}
	note := "marked by hand"
	if c.StatusByName != "" {
		note += " by " + c.StatusByName
	}
	if when != "" {
		note += ", " + when
	}
	return note
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
