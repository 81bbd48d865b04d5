package supervision_test

import (
	"math"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// The log counts a film coded twice only once both codings are done, and
// gives the agreement of each comparison; the second coder's log counts it
// too, naming the guider.
func TestLogCountsDoubleCodedFilms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		moment := func(id, coding, code string, start, end int) *domain.Annotation {
			return &domain.Annotation{ID: id, RecordingID: w.recID, CodingID: coding, SchemeID: "default", Code: code,
				StartFrame: start, EndFrame: end, Version: 1, CreatedBy: "tina"}
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCoding(ctx, &domain.Coding{ID: "cd1", RecordingID: w.recID, CoderID: "sue", StartedBy: "tina"}); err != nil {
				return err
			}
			for i, a := range []*domain.Annotation{moment("m1", "", "guiding", 0, 19), moment("m2", "", "being-attentive", 40, 59),
				moment("s1", "cd1", "guiding", 0, 19), moment("s2", "cd1", "being-attentive", 40, 59)} {
				a.Seq = int64(i + 1)
				if err := tx.CreateAnnotation(ctx, a); err != nil {
					return err
				}
			}
			return tx.MarkCodingDone(ctx, "cd1", false)
		})
		if err != nil {
			t.Fatal(err)
		}
		l, err := w.svc.Log(ctx, w.trainee, "tina")
		if err != nil || l.DoubleCoded != 0 || len(l.Agreement) != 0 {
			t.Fatalf("still blind (the guider isn't done): %d %v %v", l.DoubleCoded, l.Agreement, err)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.MarkCodingDone(ctx, "cd1", true) }); err != nil {
			t.Fatal(err)
		}
		l, err = w.svc.Log(ctx, w.trainee, "tina")
		if err != nil || l.DoubleCoded != 1 || len(l.Agreement) != 1 {
			t.Fatalf("both done: %d %v %v", l.DoubleCoded, l.Agreement, err)
		}
		p := l.Agreement[0]
		if p.With != "Person sue" || p.Moments != 2 || math.Abs(float64(p.EventKappa)-1) > 1e-3 || p.FrameKappa != 1 {
			t.Fatalf("identical codings: %+v", p)
		}
		l, err = w.svc.Log(ctx, w.sup, "sue")
		if err != nil || l.DoubleCoded != 1 || l.Agreement[0].With != "Person tina" {
			t.Fatalf("the second coder's log: %+v %v", l, err)
		}
	})
}
