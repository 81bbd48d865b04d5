package questionnaires

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/store/storetest"
)

// An instrument whose title is a spreadsheet formula reaches the case's
// outcomes CSV and the service report as text, never as a formula.
func TestOutcomeExportsNeutraliseFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		formula := `=HYPERLINK("https://evil.example","open")`
		doc := strings.Replace(string(loadDoc(t)), `"title": "Parenting example scale"`, `"title": "`+strings.ReplaceAll(formula, `"`, `\"`)+`"`, 1)
		doc = strings.Replace(doc, `"name": "ParentingExample"`, `"name": "`+strings.ReplaceAll(formula, `"`, `\"`)+`"`, 1)
		r, _, err := w.svc.Import(ctx, w.admin, []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, point := range []string{"baseline", "end"} {
			as, _, err := w.svc.Assign(ctx, w.owner, w.caseID, AssignInput{InstrumentID: r.Instrument.ID, Point: point})
			if err != nil {
				t.Fatal(err)
			}
			acc := Access{Actor: w.owner, AssignmentID: as.ID}
			if err := w.svc.Save(ctx, acc, Answers{"q1": "3", "q2": "1", "q3": "4"}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := w.svc.Submit(ctx, acc); err != nil {
				t.Fatal(err)
			}
		}
		out, err := w.svc.CaseCSV(ctx, w.owner, w.caseID)
		if err != nil {
			t.Fatal(err)
		}
		checkNoFormula(t, "outcomes.csv", out)
		rep, err := w.svc.Report(ctx, w.admin, time.Now().AddDate(0, -1, 0), time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		checkNoFormula(t, "report csv", rep.CSV())
	})
}

// checkNoFormula fails on any cell a spreadsheet would run, and on a CSV
// that does not hold the title at all (as text, behind an apostrophe).
func checkNoFormula(t *testing.T, name string, b []byte) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	seen := false
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
				t.Errorf("%s: a cell a spreadsheet runs: %q", name, cell)
			}
			seen = seen || strings.HasPrefix(cell, `'=HYPERLINK`)
		}
	}
	if !seen {
		t.Errorf("%s does not hold the title as text:\n%s", name, b)
	}
}
