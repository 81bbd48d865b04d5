package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// TestSealingCost (ATTUNE_BENCH=1) measures what sealing the case's text
// costs, on both databases: reading a 1,000-case caseload page by page (50
// a page, focus and two participants each) with sealing on against the
// same caseload kept in the clear, as a ratio measured in the same run; and
// the speed of sealing existing values in place, in rows per second.
func TestSealingCost(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("set ATTUNE_BENCH=1 to measure")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		benchKeyRing = sealingKeys(t)
		plain, sealed := caseloadFixture(t, db, "plain", false), caseloadFixture(t, db, "sealed", true)
		var off, on time.Duration // the faster of two rounds each, alternated, so a cold cache favours neither
		for range 2 {
			off = fastest(off, testing.Benchmark(func(b *testing.B) { walkCaseload(b, db, plain, false) }))
			on = fastest(on, testing.Benchmark(func(b *testing.B) { walkCaseload(b, db, sealed, true) }))
		}
		fresh := storetest.SQLite(t)
		if db.Dialect() == store.Postgres {
			fresh = storetest.Postgres(t)
		}
		rate := sealInPlaceRate(t, fresh, 200, 25)
		line := fmt.Sprintf("%s: caseload of 1,000 cases read: in the clear %.1f ms, sealed %.1f ms (%.2fx); sealing in place (200 cases, 25 notes each, their keys made on the way): %.0f rows/s",
			db.Dialect(), float64(off)/1e6, float64(on)/1e6, float64(on)/float64(off), rate)
		t.Log(line)
		benchOut(t, line)
	})
}

// caseloadFixture makes 1,000 cases for a new practitioner, sealed or not.
func caseloadFixture(t *testing.T, db *store.DB, name string, seal bool) string {
	u := mustUser(t, db, name+"@example.org", domain.RolePractitioner)
	if seal {
		db.SealFields(benchKeys(t))
	} else {
		db.SealFields(nil)
	}
	defer db.SealFields(nil)
	err := db.Update(ctx, func(tx *store.Tx) error {
		for i := range 1000 {
			id := fmt.Sprintf("%s-%04d", name, i)
			c := &domain.Case{ID: id, OwnerID: u.ID, Reference: "REF-" + id, Focus: "feeling safe at bedtime", Status: domain.CaseOpen,
				Participants: []domain.Participant{
					{ID: id + "-p1", Role: domain.ParticipantAdult, Name: "Ann Example", Relation: "mother"},
					{ID: id + "-p2", Role: domain.ParticipantChild, Name: "Sam Example", BirthDate: "2021-05-04"}}}
			if err := tx.CreateCase(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// benchKeys is one key ring for the whole measurement.
var benchKeyRing store.FieldSealer

func benchKeys(testing.TB) store.FieldSealer { return benchKeyRing }

func walkCaseload(b *testing.B, db *store.DB, userID string, seal bool) {
	if seal {
		db.SealFields(benchKeys(b))
		defer db.SealFields(nil)
	}
	for b.Loop() {
		n, after := 0, ""
		for {
			var page []*domain.Case
			err := db.View(ctx, func(tx *store.Tx) (err error) {
				page, after, err = tx.Caseload(ctx, store.CaseloadQuery{UserID: userID, After: after, Limit: 50})
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			n += len(page)
			if after == "" {
				break
			}
		}
		if n != 1000 {
			b.Fatalf("read %d cases, want 1000", n)
		}
	}
}

func fastest(best time.Duration, r testing.BenchmarkResult) time.Duration {
	if d := time.Duration(r.NsPerOp()); best == 0 || d < best {
		return d
	}
	return best
}

// sealInPlaceRate writes annotation notes in the clear (notes on each of
// cases cases) and seals them in place, returning rows per second.
func sealInPlaceRate(t *testing.T, db *store.DB, cases, notes int) float64 {
	u := mustUser(t, db, "migrate@example.org", domain.RolePractitioner)
	for i := range cases {
		c := mustCase(t, db, fmt.Sprintf("m%03d", i), u.ID)
		err := db.Update(ctx, func(tx *store.Tx) error {
			r := &domain.Recording{ID: "r" + c.ID, CaseID: c.ID, UploaderID: u.ID, Filename: "m.mp4", Status: domain.RecordingReady}
			if err := tx.CreateRecording(ctx, r); err != nil {
				return err
			}
			for j := range notes {
				a := &domain.Annotation{ID: fmt.Sprintf("%s-%03d", c.ID, j), RecordingID: r.ID, SchemeID: domain.DefaultSchemeID,
					Code: "attuned", StartFrame: j, EndFrame: j + 1, Note: fmt.Sprintf("a note in the clear, number %d", j), Version: 1, CreatedBy: u.ID}
				if err := tx.CreateAnnotation(ctx, a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	db.SealFields(benchKeys(t))
	defer db.SealFields(nil)
	sealed := map[string]int{}
	start := time.Now()
	err := db.SealExisting(ctx, 500, func(col string, done, _ int) { sealed[col] = done })
	if err != nil {
		t.Fatal(err)
	}
	took, n := time.Since(start), 0
	for _, done := range sealed {
		n += done
	}
	if sealed["annotations.note"] != cases*notes {
		t.Fatalf("sealed %d notes, want %d", sealed["annotations.note"], cases*notes)
	}
	return float64(n) / took.Seconds()
}

// benchOut appends a result line to ATTUNE_BENCH_SEALING_OUT, if set.
func benchOut(t *testing.T, line string) {
	path := os.Getenv("ATTUNE_BENCH_SEALING_OUT")
	if path == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintln(f, line)
}
