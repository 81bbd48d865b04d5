package lifecycle

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Withdrawal is what withdrawing a consent did.
type Withdrawal struct {
	Consent *domain.Consent
	// Erased are the films deleted because no filming consent remains.
	Erased []*domain.Recording
	// NotErased are films whose erasure failed; the error is logged by the caller.
	NotErased []*domain.Recording
}

// ErasurePlan lists what withdrawing a consent would delete: the case's films,
// when this is the last filming consent in force.
func (s *Service) ErasurePlan(ctx context.Context, a accounts.Actor, id string) (*domain.Consent, []*domain.Recording, error) {
	var c *domain.Consent
	var recs []*domain.Recording
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = s.withdrawable(ctx, tx, a, id); err != nil {
			return err
		}
		recs, err = s.covered(ctx, tx, c)
		return err
	})
	return c, recs, err
}

// Withdraw records a withdrawal (who and when) and, when it takes away the
// last filming consent, erases the case's films; when it takes away the last
// consent to analysis, deletes what the moment finder found. Withdrawing twice is a conflict.
func (s *Service) Withdraw(ctx context.Context, a accounts.Actor, id string) (*Withdrawal, error) {
	out := &Withdrawal{}
	var doomed []*domain.Recording
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := s.withdrawable(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if ok, err := tx.WithdrawConsent(ctx, id, a.ID()); err != nil || !ok {
			return alreadyWithdrawn(err)
		}
		if doomed, err = s.covered(ctx, tx, c); err != nil {
			return err
		}
		if err := forgetMoments(ctx, tx, c); err != nil {
			return err
		}
		out.Consent, err = tx.ConsentByID(ctx, id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "consent.withdraw", "consent", id, c.CaseID, "")
	})
	if err != nil {
		return nil, err
	}
	for _, r := range doomed {
		if err := s.Recordings.Delete(ctx, a, r.ID); err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			out.NotErased = append(out.NotErased, r)
			continue
		}
		out.Erased = append(out.Erased, r)
	}
	if len(doomed) > 0 && len(out.NotErased) == 0 { // all the footage went: destroy its case key too
		if _, err := s.Recordings.ForgetFootageKey(ctx, out.Consent.CaseID); err != nil {
			return out, err
		}
	}
	return out, nil
}

func alreadyWithdrawn(err error) error {
	if err != nil {
		return err
	}
	return domain.Errorf(domain.ECONFLICT, "This consent has already been withdrawn; nothing more to do. To film again, record a new consent.")
}

// withdrawable loads a consent the caller may change, still in force.
func (s *Service) withdrawable(ctx context.Context, tx *store.Tx, a accounts.Actor, id string) (*domain.Consent, error) {
	c, err := tx.ConsentByID(ctx, id)
	caseID := ""
	if c != nil {
		caseID = c.CaseID
	}
	if err := caseOf(ctx, tx, a, "consent", caseID, err, casework.WantEdit); err != nil {
		return nil, err
	}
	if !c.InForce() {
		return nil, alreadyWithdrawn(nil)
	}
	return c, nil
}

// covered lists the films that lose their consent with c: all the case's
// films, when c is its only filming consent in force.
func (s *Service) covered(ctx context.Context, tx *store.Tx, c *domain.Consent) ([]*domain.Recording, error) {
	if !c.Has(domain.PurposeFilming) {
		return nil, nil
	}
	all, err := tx.CaseConsents(ctx, c.CaseID)
	if err != nil {
		return nil, err
	}
	for _, o := range all {
		if o.ID != c.ID && o.InForce() && o.Has(domain.PurposeFilming) {
			return nil, nil
		}
	}
	return tx.CaseRecordings(ctx, c.CaseID)
}

// forgetMoments deletes what the moment finder found in the case's sound
// when c was its last consent to analysis in force.
func forgetMoments(ctx context.Context, tx *store.Tx, c *domain.Consent) error {
	if !c.Has(domain.PurposeAnalysis) {
		return nil
	}
	if still, err := tx.HasConsentInForce(ctx, c.CaseID, domain.PurposeAnalysis); err != nil || still {
		return err
	}
	_, err := tx.DeleteCaseMoments(ctx, c.CaseID)
	return err
}
