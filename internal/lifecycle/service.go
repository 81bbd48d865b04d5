// Package lifecycle holds the rules of the intervention itself: consent per
// purpose (and its enforcement), the family's goals and their ratings over
// time, where a case stands and its cycles, sessions with their calendar
// feed, the notes written with the family, and the closing letter.
package lifecycle

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/store"
)

// Service is the intervention's rules over the database. Recordings is used
// to erase footage when filming consent is withdrawn.
type Service struct {
	DB         *store.DB
	Recordings *recordings.Service
	// EnqueueMoments schedules the moment finder for a recording, inside
	// the transaction that records a consent to analysis (optional).
	EnqueueMoments func(ctx context.Context, tx *store.Tx, recordingID string) error
}

// ConsentRules are the recordings' consent checks: a case needs a filming
// consent in force before any film is added to it, and a supervision consent
// before a supervisor may watch its footage.
type ConsentRules struct{}

// CanSupervise refuses a supervisor the footage of a case whose family has
// not consented to supervision (or has withdrawn it).
func (ConsentRules) CanSupervise(ctx context.Context, tx *store.Tx, caseID string) error {
	ok, err := tx.HasConsentInForce(ctx, caseID, domain.PurposeSupervision)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.EFORBIDDEN, "This family hasn't consented to supervision, so a supervisor can't watch their recordings or films. The practitioner can record that consent on the case page if the family agrees.")
	}
	return nil
}

// CanFilm answers a conflict naming what to do when there is no filming consent.
func (ConsentRules) CanFilm(ctx context.Context, tx *store.Tx, caseID string) error {
	ok, err := tx.HasConsentInForce(ctx, caseID, domain.PurposeFilming)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.ECONFLICT, "This family hasn't given consent to filming yet. Record their consent to filming on the case page first, then add the recording.")
	}
	return nil
}

// edit runs fn in a transaction after checking the caller may change the case.
func (s *Service) edit(ctx context.Context, a accounts.Actor, caseID string, fn func(tx *store.Tx) error) error {
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantEdit); err != nil {
			return err
		}
		return fn(tx)
	})
}

// view runs fn after checking the caller may see the case, and records the view.
func (s *Service) view(ctx context.Context, a accounts.Actor, caseID, what string, fn func(tx *store.Tx) error) error {
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := casework.Authorize(ctx, tx, a, caseID, casework.WantView); err != nil {
			return err
		}
		return fn(tx)
	})
	if err != nil {
		return err
	}
	return s.DB.AuditView(ctx, entry(a, what+".view", what, caseID, caseID, ""))
}

// caseOf finds the case a record belongs to and hides it as "not found"
// from a caller who may not reach that case.
var caseOf = casework.Reach

func audit(ctx context.Context, tx *store.Tx, a accounts.Actor, action, objType, objID, caseID, detail string) error {
	return tx.Audit(ctx, entry(a, action, objType, objID, caseID, detail))
}

func entry(a accounts.Actor, action, objType, objID, caseID, detail string) domain.AuditEntry {
	return a.Entry(action, objType, objID, caseID, detail)
}

// line, text and tooLong tidy and measure what people type (domain/text.go).
var (
	line    = domain.Line
	text    = domain.Text
	tooLong = domain.TooLong
)
