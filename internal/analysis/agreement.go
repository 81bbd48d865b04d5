package analysis

import (
	"cmp"
	"context"
	"slices"

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
	AName     string               // who coded A and B (the case's owner for the main coding)
	BName     string
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
		if c.AName, err = coderName(ctx, tx, rec, aID); err != nil {
			return err
		}
		if c.BName, err = coderName(ctx, tx, rec, bID); err != nil {
			return err
		}
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

// coderName is who coded one coding of rec.
func coderName(ctx context.Context, tx *store.Tx, rec *domain.Recording, codingID string) (string, error) {
	userID := ""
	if codingID == domain.MainCoding {
		cs, err := tx.CaseByID(ctx, rec.CaseID)
		if err != nil {
			return "", err
		}
		userID = cs.OwnerID
	} else {
		c, err := tx.CodingByID(ctx, codingID)
		if err != nil {
			return "", err
		}
		if c.Imported() {
			return c.CoderLabel, nil
		}
		userID = c.CoderID
	}
	u, err := tx.UserByID(ctx, userID)
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

// Difference is one place where two codings differ: a pair with different
// codes, or a moment of one coding without a partner in the other.
type Difference struct {
	StartFrame, EndFrame int
	ACode, BCode         string // "" where that coding has no moment
}

// Differences lists where the codings differ, in time order.
func (c *Comparison) Differences() []Difference {
	var out []Difference
	pairedA, pairedB := map[int]bool{}, map[int]bool{}
	for _, p := range c.Result.Events.Matches {
		pairedA[p.A], pairedB[p.B] = true, true
		a, b := c.A[p.A], c.B[p.B]
		if a.Code != b.Code {
			out = append(out, Difference{min(a.StartFrame, b.StartFrame), max(a.EndFrame, b.EndFrame), a.Code, b.Code})
		}
	}
	for i, a := range c.A {
		if !pairedA[i] {
			out = append(out, Difference{a.StartFrame, a.EndFrame, a.Code, ""})
		}
	}
	for i, b := range c.B {
		if !pairedB[i] {
			out = append(out, Difference{b.StartFrame, b.EndFrame, "", b.Code})
		}
	}
	slices.SortStableFunc(out, func(x, y Difference) int {
		return cmp.Or(cmp.Compare(x.StartFrame, y.StartFrame), cmp.Compare(x.EndFrame, y.EndFrame))
	})
	return out
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
