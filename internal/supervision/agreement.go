package supervision

import (
	"context"
	"sort"
	"time"

	"github.com/attune-vig/attune/internal/agreement"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// AgreementPoint is one film the trainee coded with someone else, blind:
// how far the two codings agreed, once both were done. It is information
// for supervision, never a mark.
type AgreementPoint struct {
	When       time.Time // both codings done (or opened)
	With       string    // the other coder
	Moments    int       // the trainee's moments
	EventKappa agreement.Score
	FrameKappa agreement.Score
}

// doubleCoding finds the films a trainee coded twice with someone else
// (as the guider or as the second coder), in time order, with the
// agreement of each; codings still blind are left out.
func doubleCoding(ctx context.Context, tx *store.Tx, traineeID string) (films int, points []AgreementPoint, err error) {
	mine, err := tx.CodingsStartedBy(ctx, traineeID)
	if err != nil {
		return 0, nil, err
	}
	theirs, err := tx.CodingsOf(ctx, traineeID)
	if err != nil {
		return 0, nil, err
	}
	seen, done := map[string]bool{}, map[string]bool{}
	for _, c := range append(mine, theirs...) {
		if !c.Revealed() || done[c.ID] { // an import is both started and "coded" by the importer
			continue
		}
		done[c.ID] = true
		p, err := agreementPoint(ctx, tx, c, traineeID)
		if err != nil {
			return 0, nil, err
		}
		seen[c.RecordingID] = true
		points = append(points, p)
	}
	sort.SliceStable(points, func(i, j int) bool { return points[i].When.Before(points[j].When) })
	return len(seen), points, nil
}

func agreementPoint(ctx context.Context, tx *store.Tx, c *domain.Coding, traineeID string) (AgreementPoint, error) {
	p := AgreementPoint{When: revealedAt(c)}
	rec, err := tx.RecordingByID(ctx, c.RecordingID)
	if err != nil {
		return p, err
	}
	main, err := tx.Annotations(ctx, rec.ID, store.AnnotationFilter{})
	if err != nil {
		return p, err
	}
	second, err := tx.Annotations(ctx, rec.ID, store.AnnotationFilter{CodingID: c.ID})
	if err != nil {
		return p, err
	}
	r := agreement.Compare(moments(main), moments(second), agreement.Options{FPS: rec.FPS})
	p.EventKappa, p.FrameKappa = r.Events.KappaIPF, r.Frames.Kappa
	p.Moments = len(main)
	if secondCoder(c, traineeID) {
		p.Moments = len(second)
	}
	p.With, err = otherCoder(ctx, tx, rec, c, traineeID)
	return p, err
}

// otherCoder names who coded the film with the trainee.
func otherCoder(ctx context.Context, tx *store.Tx, rec *domain.Recording, c *domain.Coding, traineeID string) (string, error) {
	if !secondCoder(c, traineeID) {
		if c.Imported() {
			return c.CoderLabel, nil
		}
		u, err := tx.UserByID(ctx, c.CoderID)
		if err != nil {
			return "", err
		}
		return u.Name, nil
	}
	cs, err := tx.CaseByID(ctx, rec.CaseID)
	if err != nil {
		return "", err
	}
	u, err := tx.UserByID(ctx, cs.OwnerID)
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

// secondCoder says whether the trainee made the second coding (else the
// main one: an imported coding is the importer's comparison, not theirs).
func secondCoder(c *domain.Coding, traineeID string) bool {
	return c.CoderID == traineeID && !c.Imported()
}

func revealedAt(c *domain.Coding) time.Time {
	if !c.OpenedAt.IsZero() {
		return c.OpenedAt
	}
	if c.DoneAt.After(c.MainDoneAt) {
		return c.DoneAt
	}
	return c.MainDoneAt
}

func moments(as []*domain.Annotation) []agreement.Moment {
	out := make([]agreement.Moment, len(as))
	for i, a := range as {
		out[i] = agreement.Moment{Code: a.Code, Start: a.StartFrame, End: a.EndFrame}
	}
	return out
}
