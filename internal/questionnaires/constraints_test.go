package questionnaires

import (
	"os"
	"strings"
	"testing"
)

func loadBedtime(t *testing.T) *Instrument {
	t.Helper()
	b, err := os.ReadFile("testdata/bedtime.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := ImportFHIR(b)
	if err != nil {
		t.Fatal(err)
	}
	return r.Instrument
}

// Each kind of wrong answer is named for what it is, using the item's own
// minValue, maxValue and maxLength.
func TestAnswerProblems(t *testing.T) {
	in := loadBedtime(t)
	yes := Item{LinkID: "yn", Type: TypeBoolean}
	whole := Item{LinkID: "n", Type: TypeInteger}
	for _, c := range []struct {
		it    *Item
		v     string
		kind  string
		limit float64
	}{
		{in.Item("evenings"), "three", ProblemNumber, 0},
		{in.Item("evenings"), "٣", ProblemNumber, 0},
		{in.Item("evenings"), "2.5", ProblemWhole, 0},
		{in.Item("evenings"), "-2", ProblemMin, 0},
		{in.Item("evenings"), "99999999999", ProblemMax, 7},
		{in.Item("evenings"), "8", ProblemMax, 7},
		{in.Item("evenings"), "3", "", 0},
		{in.Item("evenings"), "3.0", "", 0},
		{in.Item("evenings"), "0", "", 0},
		{&whole, "99999999999", ProblemMax, 2147483647},
		{&whole, "1e3", ProblemNumber, 0},
		{in.Item("else"), strings.Repeat("ż", 2001), ProblemLength, 2000},
		{in.Item("else"), strings.Repeat("ż", 2000), "", 0},
		{&yes, "maybe", ProblemYesNo, 0},
	} {
		p := c.it.Problem(c.v)
		switch {
		case c.kind == "" && p != nil:
			t.Errorf("%s = %.20q: %+v, want no problem", c.it.LinkID, c.v, p)
		case c.kind != "" && (p == nil || p.Kind != c.kind || p.Limit != c.limit):
			t.Errorf("%s = %.20q: %+v, want %s (limit %v)", c.it.LinkID, c.v, p, c.kind, c.limit)
		}
	}
	if err := in.Check(Answers{"evenings": "-2"}); err == nil || !strings.Contains(err.Error(), "0 or more") {
		t.Errorf("the API's message for -2: %v", err)
	}
	if got := in.Item("evenings").Normalize("3.0"); got != "3" {
		t.Errorf("3.0 is stored as %q", got)
	}
}

// minValue, maxValue, maxLength and the "text" type survive export and import.
func TestConstraintsRoundTrip(t *testing.T) {
	in := loadBedtime(t)
	doc, err := in.ExportFHIR()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ImportFHIR(doc)
	if err != nil {
		t.Fatal(err)
	}
	ev, note := r.Instrument.Item("evenings"), r.Instrument.Item("hard-note")
	if ev.MinValue == nil || *ev.MinValue != 0 || ev.MaxValue == nil || *ev.MaxValue != 7 {
		t.Errorf("evenings after a round trip: %+v", ev)
	}
	if !note.Long || note.MaxLength != 2000 {
		t.Errorf("the note after a round trip: %+v", note)
	}
	bad := strings.Replace(string(mustRead(t)), `"maxLength": 2000,`, `"maxLength": 0,`, 1)
	if _, err := ImportFHIR([]byte(bad)); err == nil || !strings.Contains(err.Error(), "item[2].maxLength") {
		t.Errorf("a maxLength of 0: %v", err)
	}
}

func mustRead(t *testing.T) []byte {
	b, err := os.ReadFile("testdata/bedtime.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
