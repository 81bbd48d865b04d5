package moments

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Accept turns a suggestion into a coded moment over its frames, with the
// code the guider chose, and remembers it was accepted.
func (s *Service) Accept(ctx context.Context, a accounts.Actor, suggestionID, code string) (*domain.Annotation, error) {
	if code == "" {
		return nil, domain.FieldError("code", "Choose a code for the moment, e.g. \"receiving-initiatives\".")
	}
	var an *domain.Annotation
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		sg, err := s.open(ctx, tx, a, suggestionID)
		if err != nil {
			return err
		}
		an, err = s.Analysis.CreateAnnotationTx(ctx, tx, a, sg.RecordingID, analysis.AnnotationInput{
			StartFrame: &sg.StartFrame, EndFrame: &sg.EndFrame, Code: &code})
		if err != nil {
			return err
		}
		sg.State, sg.AnnotationID, sg.DecidedBy = domain.SuggestionAccepted, an.ID, a.ID()
		return s.decide(ctx, tx, a, sg, "suggestion.accept")
	})
	return an, err
}

// AcceptAsClip turns a suggestion into a clip of its frames, titled with
// its label and, when a code is given, showing that code; the suggestion is
// remembered as accepted.
func (s *Service) AcceptAsClip(ctx context.Context, a accounts.Actor, suggestionID, code string) (*domain.Clip, error) {
	var clip *domain.Clip
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		sg, err := s.open(ctx, tx, a, suggestionID)
		if err != nil {
			return err
		}
		rec, err := tx.RecordingByID(ctx, sg.RecordingID)
		if err != nil {
			return err
		}
		child, adult, err := names(ctx, tx, rec.CaseID)
		if err != nil {
			return err
		}
		title, codes := label(sg, child, adult), []string{}
		if code != "" {
			codes = []string{code}
		}
		clip, err = s.Analysis.CreateClipTx(ctx, tx, a, sg.RecordingID, analysis.ClipInput{
			StartFrame: &sg.StartFrame, EndFrame: &sg.EndFrame, Title: &title, Codes: &codes})
		if err != nil {
			return err
		}
		sg.State, sg.ClipID, sg.DecidedBy = domain.SuggestionAccepted, clip.ID, a.ID()
		return s.decide(ctx, tx, a, sg, "suggestion.clip")
	})
	return clip, err
}

// Dismiss remembers the guider set a suggestion aside.
func (s *Service) Dismiss(ctx context.Context, a accounts.Actor, suggestionID string) (*domain.MomentSuggestion, error) {
	var sg *domain.MomentSuggestion
	err := s.DB.Update(ctx, func(tx *store.Tx) (err error) {
		if sg, err = s.open(ctx, tx, a, suggestionID); err != nil {
			return err
		}
		sg.State, sg.DecidedBy = domain.SuggestionDismissed, a.ID()
		return s.decide(ctx, tx, a, sg, "suggestion.dismiss")
	})
	return sg, err
}

// open loads a suggestion the caller may decide, still undecided.
func (s *Service) open(ctx context.Context, tx *store.Tx, a accounts.Actor, id string) (*domain.MomentSuggestion, error) {
	sg, err := tx.MomentSuggestion(ctx, id)
	if store.IsNotFound(err) {
		return nil, domain.NotFound("suggestion")
	} else if err != nil {
		return nil, err
	}
	if _, err := s.footage(ctx, tx, a, sg.RecordingID, casework.WantEdit); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.NotFound("suggestion")
		}
		return nil, err
	}
	if sg.State != domain.SuggestionNew {
		return nil, decided(sg)
	}
	return sg, nil
}

func decided(sg *domain.MomentSuggestion) error {
	if sg.State == domain.SuggestionAccepted {
		return domain.Errorf(domain.ECONFLICT, "This suggestion was already accepted as a coded moment; change that moment in the coding lane instead.")
	}
	return domain.Errorf(domain.ECONFLICT, "This suggestion was already dismissed; code the moment by hand if you want it after all.")
}

func (s *Service) decide(ctx context.Context, tx *store.Tx, a accounts.Actor, sg *domain.MomentSuggestion, action string) error {
	ok, err := tx.DecideSuggestion(ctx, sg)
	if err != nil {
		return err
	}
	if !ok {
		cur, err := tx.MomentSuggestion(ctx, sg.ID)
		if err != nil {
			return err
		}
		return decided(cur)
	}
	rec, err := tx.RecordingByID(ctx, sg.RecordingID)
	if err != nil {
		return err
	}
	return tx.Audit(ctx, domain.AuditEntry{ActorID: a.ID(), Action: action, ObjectType: "suggestion", ObjectID: sg.ID,
		CaseID: rec.CaseID, IP: a.IP, Detail: "recording " + rec.ID})
}
