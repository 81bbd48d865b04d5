package retention

import (
	"context"
	"errors"
	"fmt"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Applied is what one run of the rules erased.
type Applied struct {
	Recordings int
	Cases      int
	Held       int   // due items a legal hold kept
	Audit      int64 // audit entries pruned (behind a signed anchor)
}

// errHeld stops an erasure when a hold arrived after the plan was made.
var errHeld = errors.New("retention: the case is under a legal hold")

// system is the actor of the nightly job: audit entries name no person.
var system = accounts.Actor{}

// Apply erases everything the rules say is due now and is not held. A
// failure on one item is reported after the others are tried.
func (s *Service) Apply(ctx context.Context) (Applied, error) {
	var out Applied
	rep, err := s.plan(ctx)
	if err != nil {
		return out, err
	}
	var errs []error
	for _, it := range rep.Items {
		if rep.Now.Before(it.Due) {
			continue
		}
		if it.Held {
			out.Held++
			continue
		}
		err := s.apply(ctx, it, &out)
		if errors.Is(err, errHeld) {
			out.Held++
		} else if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND && !store.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("%s %s%s: %w", it.Kind, it.CaseID, it.RecordingID, err))
		}
	}
	n, err := s.pruneAudit(ctx, rep)
	out.Audit = n
	return out, errors.Join(append(errs, err)...)
}

func (s *Service) apply(ctx context.Context, it Item, out *Applied) error {
	if it.Kind == KindFootage {
		if err := s.eraseRecording(ctx, system, it, "retention.erase"); err != nil {
			return err
		}
		out.Recordings++
		_, err := s.Recordings.ForgetFootageKey(ctx, it.CaseID) // the case's last footage: its key goes too
		return err
	}
	if err := s.eraseCaseBy(ctx, system, it.CaseID, "retention.erase", it.Rule); err != nil {
		return err
	}
	out.Cases++
	return nil
}

// eraseRecording erases one recording through the recordings' erasure,
// re-checking the hold inside its transaction.
func (s *Service) eraseRecording(ctx context.Context, a accounts.Actor, it Item, action string) error {
	return s.Recordings.Erase(ctx, it.RecordingID, s.Shreds, func(ctx context.Context, tx *store.Tx, r *domain.Recording, files []*domain.StoredFile) error {
		if held, err := tx.IsHeld(ctx, r.CaseID); err != nil || held {
			return errors.Join(err, heldErr(held))
		}
		return audit(ctx, tx, a, action, "recording", r.ID, r.CaseID,
			fmt.Sprintf("%s; %d files and their keys erased", it.Rule, len(files)))
	})
}

func heldErr(held bool) error {
	if held {
		return errHeld
	}
	return nil
}

// eraseCase erases a case's recordings, then its rows (everything that
// belongs to it goes with it through the foreign keys).
func (s *Service) eraseCaseBy(ctx context.Context, a accounts.Actor, caseID, action, why string) error {
	var recs []*domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) (err error) { recs, err = tx.CaseRecordings(ctx, caseID); return err })
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := s.eraseRecording(ctx, a, Item{RecordingID: r.ID, CaseID: caseID, Rule: why}, action); err != nil {
			return err
		}
	}
	return s.DB.Update(ctx, func(tx *store.Tx) error {
		if held, err := tx.IsHeld(ctx, caseID); err != nil || held {
			return errors.Join(err, heldErr(held))
		}
		if s.Shreds != nil {
			if err := s.Shreds.Add("case " + caseID); err != nil {
				return err
			}
		}
		if err := tx.DeleteCase(ctx, caseID); err != nil {
			return err
		}
		if _, err := s.Recordings.Keys.DestroyCaseKeys(caseID); err != nil { // every purpose: no backup can bring the case's files back
			return err
		}
		return audit(ctx, tx, a, action, "case", caseID, caseID, why+"; the case record and everything in it erased")
	})
}
