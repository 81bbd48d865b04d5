package questionnaires

import (
	"fmt"
	"strings"
	"testing"
)

func bundled(t *testing.T, name string) *Instrument {
	t.Helper()
	all, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range all {
		if in.Name == name {
			return in
		}
	}
	t.Fatalf("no bundled %s", name)
	return nil
}

// answers spreads a total over n items of 0–3 (highest first), answering
// the item linkIds prefix-1..prefix-n; skip leaves items out.
func answers(prefix string, n, total int, skip ...int) Answers {
	codes := []string{"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"}
	a := Answers{}
	for i := 1; i <= n; i++ {
		v := min(total, 3)
		total -= v
		a[fmt.Sprintf("%s-%d", prefix, i)] = codes[v]
	}
	for _, s := range skip {
		delete(a, fmt.Sprintf("%s-%d", prefix, s))
	}
	return a
}

func TestPHQ9Bands(t *testing.T) {
	in := bundled(t, "PHQ-9")
	cases := []struct {
		total    int
		band     string
		clinical bool
	}{
		{0, "None–minimal", false}, {4, "None–minimal", false}, {5, "Mild", false}, {9, "Mild", false},
		{10, "Moderate", true}, {14, "Moderate", true}, {15, "Moderately severe", true}, {19, "Moderately severe", true},
		{20, "Severe", true}, {27, "Severe", true},
	}
	for _, c := range cases {
		sc := in.Score(answers("phq9", 9, c.total))
		if sc.Total == nil || *sc.Total != float64(c.total) || sc.Band != c.band || sc.Clinical != c.clinical || sc.Prorated {
			t.Errorf("PHQ-9 total %d: got %+v, want band %q clinical %v", c.total, sc, c.band, c.clinical)
		}
	}
}

func TestGAD7Bands(t *testing.T) {
	in := bundled(t, "GAD-7")
	cases := []struct {
		total int
		band  string
	}{{0, "Minimal"}, {4, "Minimal"}, {5, "Mild"}, {9, "Mild"}, {10, "Moderate"}, {14, "Moderate"}, {15, "Severe"}, {21, "Severe"}}
	for _, c := range cases {
		sc := in.Score(answers("gad7", 7, c.total))
		if sc.Total == nil || *sc.Total != float64(c.total) || sc.Band != c.band || sc.Clinical != (c.total >= 10) {
			t.Errorf("GAD-7 total %d: got %+v, want %q", c.total, sc, c.band)
		}
	}
}

func TestMissingItems(t *testing.T) {
	phq, gad := bundled(t, "PHQ-9"), bundled(t, "GAD-7")
	cases := []struct {
		name  string
		in    *Instrument
		ans   Answers
		total float64 // -1: no total
	}{
		// Answers 3,0,0,0,0,0,0 with items 8 and 9 missing: 3 × 9/7 = 3.86 → 4.
		{"PHQ-9, two missing, prorated", phq, answers("phq9", 9, 3, 8, 9), 4},
		{"PHQ-9, three missing, no total", phq, answers("phq9", 9, 6, 7, 8, 9), -1},
		// Answers 3,3,0,0,0,0 with item 7 missing: 6 × 7/6 = 7.
		{"GAD-7, one missing, prorated", gad, answers("gad7", 7, 6, 7), 7},
		{"GAD-7, two missing, no total", gad, answers("gad7", 7, 6, 6, 7), -1},
	}
	for _, c := range cases {
		sc := c.in.Score(c.ans)
		switch {
		case c.total < 0 && (sc.Total != nil || !strings.Contains(sc.Note, "missing")):
			t.Errorf("%s: got total %v, note %q; want none", c.name, sc.Total, sc.Note)
		case c.total >= 0 && (sc.Total == nil || *sc.Total != c.total || !sc.Prorated):
			t.Errorf("%s: got %+v, want prorated %v", c.name, sc, c.total)
		}
	}
}

func TestPHQ9RiskItem(t *testing.T) {
	in := bundled(t, "PHQ-9")
	a := answers("phq9", 9, 0)
	if sc := in.Score(a); len(sc.Risks) != 0 {
		t.Fatalf("no risk expected: %+v", sc.Risks)
	}
	a["phq9-9"] = "LA6569-3"
	sc := in.Score(a)
	if len(sc.Risks) != 1 || sc.Risks[0].LinkID != "phq9-9" {
		t.Fatalf("item 9 above zero must be a risk: %+v", sc.Risks)
	}
}

func TestCheckRefusesAnswersOutsideOptions(t *testing.T) {
	in := bundled(t, "PHQ-9")
	for _, a := range []Answers{{"phq9-1": "4"}, {"phq9-1": "LA9999-9"}, {"nope": "LA6568-5"}} {
		if err := in.Check(a); err == nil {
			t.Errorf("%v: accepted", a)
		}
	}
	if err := in.Check(Answers{"phq9-1": "LA6571-9", "phq9-10": "LA6573-5"}); err != nil {
		t.Errorf("valid answers refused: %v", err)
	}
	if sc := in.Score(answers("phq9", 9, 27)); *sc.Total != 27 {
		t.Errorf("the unscored difficulty question must not count: %v", *sc.Total)
	}
}
