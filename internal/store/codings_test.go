package store_test

import (
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// A second coding: its moments are apart from the main coding's in every
// read; done is kept from the first time; both done (or opened) reveals.
func TestCodings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := mustUser(t, db, "ann@example.org", domain.RolePractitioner)
		sup := mustUser(t, db, "sue@example.org", domain.RoleSupervisor)
		c := mustCase(t, db, "c1", u.ID)
		r := &domain.Recording{ID: "r1", CaseID: c.ID, UploaderID: u.ID, Filename: "a.mp4", Status: domain.RecordingReady}
		cd := &domain.Coding{ID: "cd1", RecordingID: r.ID, CoderID: sup.ID, StartedBy: u.ID, Source: domain.CodingEAF}
		update := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := db.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		moment := func(id, coding string, start int) *domain.Annotation {
			return &domain.Annotation{ID: id, RecordingID: r.ID, CodingID: coding, SchemeID: domain.DefaultSchemeID, Code: "guiding",
				StartFrame: start, EndFrame: start + 5, Version: 1, CreatedBy: u.ID}
		}
		update(func(tx *store.Tx) error {
			if err := tx.CreateRecording(ctx, r); err != nil {
				return err
			}
			if err := tx.CreateCoding(ctx, cd); err != nil {
				return err
			}
			for i, a := range []*domain.Annotation{moment("m1", "", 1), moment("m2", "", 20), moment("s1", cd.ID, 3)} {
				a.Seq = int64(i + 1)
				if err := tx.CreateAnnotation(ctx, a); err != nil {
					return err
				}
			}
			return nil
		})
		var main, second, changes []*domain.Annotation
		var n int
		update(func(tx *store.Tx) (err error) {
			if main, err = tx.Annotations(ctx, r.ID, store.AnnotationFilter{}); err != nil {
				return err
			}
			if second, err = tx.Annotations(ctx, r.ID, store.AnnotationFilter{CodingID: cd.ID}); err != nil {
				return err
			}
			if changes, err = tx.AnnotationChanges(ctx, r.ID, cd.ID, 0, 10); err != nil {
				return err
			}
			n, err = tx.CodingMoments(ctx, r.ID, cd.ID)
			return err
		})
		if len(main) != 2 || len(second) != 1 || second[0].CodingID != cd.ID || len(changes) != 1 || changes[0].Seq != 3 || n != 1 {
			t.Fatalf("main %d, second %d, changes %v, moments %d", len(main), len(second), changes, n)
		}
		var got *domain.Coding
		read := func() {
			t.Helper()
			update(func(tx *store.Tx) (err error) { got, err = tx.CodingByID(ctx, cd.ID); return err })
		}
		read()
		if got.CoderID != sup.ID || got.Source != domain.CodingEAF || !got.DoneAt.IsZero() || got.Revealed() {
			t.Fatalf("new coding %+v", got)
		}
		update(func(tx *store.Tx) error { return tx.MarkCodingDone(ctx, cd.ID, false) })
		read()
		first := got.DoneAt
		update(func(tx *store.Tx) error { return tx.MarkCodingDone(ctx, cd.ID, false) })
		read()
		if first.IsZero() || !got.DoneAt.Equal(first) || got.Revealed() {
			t.Fatalf("done twice %+v", got)
		}
		update(func(tx *store.Tx) error { return tx.MarkCodingDone(ctx, cd.ID, true) })
		read()
		if !got.Revealed() {
			t.Fatalf("both done %+v", got)
		}
		update(func(tx *store.Tx) error { return tx.OpenCoding(ctx, cd.ID, u.ID) })
		read()
		if got.OpenedBy != u.ID || got.OpenedAt.IsZero() {
			t.Fatalf("opened %+v", got)
		}
		var mine, started []*domain.Coding
		update(func(tx *store.Tx) (err error) {
			if mine, err = tx.CodingsOf(ctx, sup.ID); err != nil {
				return err
			}
			started, err = tx.CodingsStartedBy(ctx, u.ID)
			return err
		})
		if len(mine) != 1 || len(started) != 1 {
			t.Fatalf("codings of the coder %d, started %d", len(mine), len(started))
		}
		update(func(tx *store.Tx) error { return tx.DeleteRecording(ctx, r.ID) })
		update(func(tx *store.Tx) (err error) { mine, err = tx.Codings(ctx, r.ID); return err })
		if len(mine) != 0 {
			t.Fatalf("codings outlived their recording: %v", mine)
		}
	})
}
