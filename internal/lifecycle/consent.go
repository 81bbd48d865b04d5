package lifecycle

import (
	"context"
	"slices"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Purposes lists the purposes consent is asked for, in the order a form shows them.
var Purposes = []string{domain.PurposeFilming, domain.PurposeSupervision, domain.PurposeTraining, domain.PurposeConference, domain.PurposeAnalysis}

// ConsentInput is a consent as the family gave it.
type ConsentInput struct {
	Purposes       []string
	GivenBy        string
	Signature      string
	ChildAssent    *bool
	RetainDays     *int
	WordingVersion string
}

// Validate cleans the input and names the first field to fix.
func (in *ConsentInput) Validate() error {
	in.GivenBy, in.Signature, in.WordingVersion = line(in.GivenBy), line(in.Signature), line(in.WordingVersion)
	if len(in.Purposes) == 0 {
		return domain.FieldError("purposes", "Choose at least one thing the family agrees to, for example filming.")
	}
	seen := map[string]bool{}
	for _, p := range in.Purposes {
		if !slices.Contains(Purposes, p) || seen[p] {
			return domain.FieldError("purposes", "%q isn't a purpose we ask consent for (or it is listed twice); use filming, supervision, training, conference or analysis.", p)
		}
		seen[p] = true
	}
	switch {
	case in.GivenBy == "" || tooLong(in.GivenBy, 120):
		return domain.FieldError("given_by", "Enter who gave consent, with their relation to the child, for example “Ann (mother)”.")
	case in.Signature == "" || tooLong(in.Signature, 120):
		return domain.FieldError("signature", "Consent needs a signature: ask the person giving consent to type their name.")
	case in.WordingVersion == "" || tooLong(in.WordingVersion, 20):
		return domain.FieldError("wording_version", "Enter the version of the consent wording the family read, for example 1.")
	case in.RetainDays != nil && (*in.RetainDays < 0 || *in.RetainDays > 3650):
		return domain.FieldError("retain_days_after_close", "Say how many days after the case ends footage is kept: from 0 to 3650.")
	}
	return nil
}

// RecordConsent stores a signed consent for a case.
func (s *Service) RecordConsent(ctx context.Context, a accounts.Actor, caseID string, in ConsentInput) (*domain.Consent, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	c := &domain.Consent{ID: auth.NewID(), CaseID: caseID, Purposes: in.Purposes, GivenBy: in.GivenBy, Signature: in.Signature,
		ChildAssent: in.ChildAssent, RetainDays: in.RetainDays, WordingVersion: in.WordingVersion, RecordedBy: a.ID()}
	err := s.edit(ctx, a, caseID, func(tx *store.Tx) error {
		if err := tx.CreateConsent(ctx, c); err != nil {
			return err
		}
		if err := s.analyseFilms(ctx, tx, c); err != nil {
			return err
		}
		return audit(ctx, tx, a, "consent.create", "consent", c.ID, caseID, "")
	})
	return c, err
}

// Consents lists a case's consent records, oldest first.
func (s *Service) Consents(ctx context.Context, a accounts.Actor, caseID string) ([]*domain.Consent, error) {
	var out []*domain.Consent
	err := s.view(ctx, a, caseID, "consent", func(tx *store.Tx) error {
		var err error
		out, err = tx.CaseConsents(ctx, caseID)
		return err
	})
	return out, err
}

// Consent loads one consent record the caller may see.
func (s *Service) Consent(ctx context.Context, a accounts.Actor, id string) (*domain.Consent, error) {
	var c *domain.Consent
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.ConsentByID(ctx, id)
		caseID := ""
		if c != nil {
			caseID = c.CaseID
		}
		return caseOf(ctx, tx, a, "consent", caseID, err, casework.WantView)
	})
	return c, err
}

// analyseFilms schedules the moment finder for the case's processed films
// when c consents to analysis.
func (s *Service) analyseFilms(ctx context.Context, tx *store.Tx, c *domain.Consent) error {
	if s.EnqueueMoments == nil || !c.Has(domain.PurposeAnalysis) {
		return nil
	}
	recs, err := tx.CaseRecordings(ctx, c.CaseID)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if r.Status == domain.RecordingReady {
			if err := s.EnqueueMoments(ctx, tx, r.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
