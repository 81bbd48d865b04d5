package analysis

import (
	"context"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/agreement"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// Comparison is two codings of a recording and their agreement.
type Comparison struct {
	Recording *domain.Recording
	A, B      []*domain.Annotation // in time order
	AID, BID  string               // coding ids ("" the main coding)
	Options   agreement.Options
	Result    agreement.Result
}

// Agreement compares two codings of a recording (aID "" is the main one).
// The caller must be allowed to see both: the case's owner and each coder,
// once both codings are done or the owner has opened them.
func (s *Service) Agreement(ctx context.Context, a accounts.Actor, recordingID, aID, bID string, o agreement.Options) (*Comparison, error) {
	if aID == bID {
		return nil, domain.FieldError("b", "Choose two different codings to compare: \"a\" (left out: the main coding) and \"b\", a second coding's id.")
	}
	if o.Overlap < 0 || o.Overlap > 1 || o.ToleranceMS < 0 || o.SliceMS < 0 {
		return nil, domain.FieldError("overlap", "\"overlap\" is a share between 0 and 1 (e.g. 0.6); \"tolerance_ms\" and \"slice_ms\" are milliseconds from 0.")
	}
	c := &Comparison{AID: aID, BID: bID}
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		rec, err := codingAccess(ctx, tx, a, recordingID, aID, false)
		if err != nil {
			return err
		}
		if _, err := codingAccess(ctx, tx, a, recordingID, bID, false); err != nil {
			return err
		}
		c.Recording = rec
		if c.A, err = tx.Annotations(ctx, rec.ID, store.AnnotationFilter{CodingID: aID}); err != nil {
			return err
		}
		c.B, err = tx.Annotations(ctx, rec.ID, store.AnnotationFilter{CodingID: bID})
		return err
	})
	if err != nil {
		return nil, err
	}
	o.FPS = c.Recording.FPS
	c.Options = o.Defaults()
	c.Result = agreement.Compare(Moments(c.A), Moments(c.B), c.Options)
	e := entry(a, "coding.agreement", "recording", recordingID, c.Recording)
	e.Detail += " codings " + codingName(aID) + " and " + codingName(bID)
	return c, s.DB.AuditView(ctx, e)
}

func codingName(id string) string {
	if id == domain.MainCoding {
		return "main"
	}
	return id
}

// Moments turns annotations into the agreement package's moments.
func Moments(as []*domain.Annotation) []agreement.Moment {
	out := make([]agreement.Moment, len(as))
	for i, an := range as {
		out[i] = agreement.Moment{Code: an.Code, Start: an.StartFrame, End: an.EndFrame}
	}
	return out
}
