package questionnaires

import (
	"testing"
	"time"
)

var bundledTime = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func TestReliableChange(t *testing.T) {
	phq := bundled(t, "PHQ-9").Scoring
	ex := loadExample(t).Instrument.Scoring
	cases := []struct {
		name      string
		s         Scoring
		from, to  float64
		dir       string
		crossed   bool
		recovered bool
	}{
		{"PHQ-9 18→11: 7 points down, still clinical", phq, 18, 11, Improved, false, false},
		{"PHQ-9 14→8: 6 points, recovered", phq, 14, 8, Improved, true, true},
		{"PHQ-9 12→7: 5 points, crossed but not reliable", phq, 12, 7, NoChange, true, false},
		{"PHQ-9 5→11: reliably worse, into clinical range", phq, 5, 11, Deteriorated, true, false},
		// Example: SD 0.5, r 0.8: Sdiff = 0.5·√2·√0.2 = 0.316; threshold 0.62.
		{"higher is better 3.0→3.8: RCI 2.53", ex, 3.0, 3.8, Improved, true, true},
		{"higher is better 3.0→3.5: RCI 1.58", ex, 3.0, 3.5, NoChange, true, false},
		{"higher is better 3.8→3.0", ex, 3.8, 3.0, Deteriorated, true, false},
		{"no reliability known", Scoring{Method: MethodSum}, 10, 2, Unknown, false, false},
	}
	for _, c := range cases {
		got := c.s.Compare(c.from, c.to)
		if got.Direction != c.dir || got.CrossedCutoff != c.crossed || got.Recovered != c.recovered {
			t.Errorf("%s: got %+v", c.name, got)
		}
	}
	if c := ex.Compare(3.0, 3.8); c.RCI == nil || *c.RCI != 2.53 || c.Threshold != 0.62 {
		t.Errorf("Jacobson–Truax index: %+v", c)
	}
}
