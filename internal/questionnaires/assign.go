package questionnaires

import (
	"context"
	"strconv"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Languages the parent's pages are offered in (the page words; an
// instrument's own text stays in the language it was written in).
var Languages = []string{"en", "pl"}

// Points lists the time points in the order a form shows them.
var Points = []string{domain.PointBaseline, domain.PointAfter, domain.PointEnd, domain.PointFollowUp}

// AssignInput is an instrument to give a case at a time point.
type AssignInput struct {
	InstrumentID string
	Point        string
	Cycle        int // for "cycle": after which cycle
	Language     string
}

func (in *AssignInput) validate() error {
	switch in.Point {
	case domain.PointBaseline, domain.PointEnd, domain.PointFollowUp:
		in.Cycle = 0
	case domain.PointAfter:
		if in.Cycle < 1 || in.Cycle > 50 {
			return domain.FieldError("cycle", "Say after which cycle this is, from 1 to 50.")
		}
	default:
		return domain.FieldError("point", "Choose when this is: baseline, after a cycle, end or follow-up.")
	}
	if in.Language == "" {
		in.Language = "en"
	}
	for _, l := range Languages {
		if l == in.Language {
			return nil
		}
	}
	return domain.FieldError("language", "%q isn't a language the parent's pages come in; choose English (en) or Polish (pl).", in.Language)
}

// Assign gives a case an instrument at a time point and returns the
// parent's link token (shown once: only its hash is kept).
func (s *Service) Assign(ctx context.Context, a accounts.Actor, caseID string, in AssignInput) (*domain.Assignment, string, error) {
	if err := in.validate(); err != nil {
		return nil, "", err
	}
	if err := s.ensureBundled(ctx); err != nil {
		return nil, "", err
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		return nil, "", err
	}
	as := &domain.Assignment{ID: auth.NewID(), CaseID: caseID, Point: in.Point, Cycle: in.Cycle, Status: domain.AssignmentOpen,
		TokenHash: hash, ExpiresAt: s.now().Add(s.lifetime()).UTC(), Language: in.Language, CreatedBy: a.ID()}
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantEdit); err != nil {
			return err
		}
		inst, err := s.instrument(ctx, tx, in.InstrumentID)
		if err != nil {
			return domain.FieldError("instrument", "Choose an instrument from the library.")
		}
		as.InstrumentID, as.InstrumentKey, as.InstrumentName = inst.ID, inst.Key, inst.Name
		if err := tx.CreateAssignment(ctx, as); err != nil {
			return err
		}
		return audit(ctx, tx, a, "questionnaire.assign", "assignment", as.ID, caseID, inst.Name+" "+PointLabel(as.Point, as.Cycle))
	})
	return as, token, err
}

// NewLink replaces an open assignment's link with a fresh one; the old
// link stops working.
func (s *Service) NewLink(ctx context.Context, a accounts.Actor, id string) (*domain.Assignment, string, error) {
	token, hash, err := auth.NewToken()
	if err != nil {
		return nil, "", err
	}
	var as *domain.Assignment
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		as, err = tx.AssignmentByID(ctx, id)
		if err := caseOf(ctx, tx, a, "questionnaire", caseIDOf(as), err, casework.WantEdit); err != nil {
			return err
		}
		if as.Status != domain.AssignmentOpen {
			return domain.Errorf(domain.ECONFLICT, "This questionnaire is %s, so it has no link any more.", as.Status)
		}
		as.ExpiresAt = s.now().Add(s.lifetime()).UTC()
		if err := tx.SetAssignmentLink(ctx, id, hash, as.ExpiresAt.UnixMilli()); err != nil {
			return err
		}
		return audit(ctx, tx, a, "questionnaire.link", "assignment", id, as.CaseID, "")
	})
	return as, token, err
}

// Cancel withdraws an open assignment; its link stops working.
func (s *Service) Cancel(ctx context.Context, a accounts.Actor, id string) (*domain.Assignment, error) {
	var as *domain.Assignment
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		as, err = tx.AssignmentByID(ctx, id)
		if err := caseOf(ctx, tx, a, "questionnaire", caseIDOf(as), err, casework.WantEdit); err != nil {
			return err
		}
		ok, err := tx.CancelAssignment(ctx, id)
		if err == nil && !ok {
			return domain.Errorf(domain.ECONFLICT, "This questionnaire is already %s.", as.Status)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "questionnaire.cancel", "assignment", id, as.CaseID, "")
	})
	return as, err
}

func caseIDOf(as *domain.Assignment) string {
	if as == nil {
		return ""
	}
	return as.CaseID
}

// PointLabel says a time point in words.
func PointLabel(point string, cycle int) string {
	switch point {
	case domain.PointBaseline:
		return "Baseline"
	case domain.PointAfter:
		return "After cycle " + strconv.Itoa(cycle)
	case domain.PointEnd:
		return "End"
	case domain.PointFollowUp:
		return "Follow-up"
	}
	return point
}

// LinkURL is the address a parent opens for a link token.
func (s *Service) LinkURL(token string) string {
	return s.base() + "/q/" + token
}
