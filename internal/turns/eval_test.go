package turns

import (
	"os"
	"testing"
)

// evalFloors are what today's code meets on the small set make test runs
// (one minute of each kind): turns precision and recall, and speaker-label
// precision by time.
var evalFloors = map[string]struct{ turns, labels float64 }{
	"clean_mixed": {0.9, 0.95},
	"overlap":     {0.75, 0.95},
	"pink_noise":  {0.75, 0.95},
	"clatter":     {0.75, 0.95},
}

// The moment finder meets its floors on generated scenes with known truth.
func TestEvalSmall(t *testing.T) {
	kinds := []string{"clean_mixed", "overlap", "pink_noise", "clatter"}
	table, scores := evalTable(t, kinds, 1, 60, DefaultConfig())
	t.Log("\n" + table)
	for _, k := range kinds {
		s, f := scores[k], evalFloors[k]
		if s.turns.precision() < f.turns || s.turns.recall() < f.turns {
			t.Errorf("%s: turns precision %.2f recall %.2f, floor %.2f", k, s.turns.precision(), s.turns.recall(), f.turns)
		}
		if s.labels.precision() < f.labels {
			t.Errorf("%s: speaker-label precision %.2f, floor %.2f", k, s.labels.precision(), f.labels)
		}
		if s.turns.tp+s.turns.fn == 0 {
			t.Errorf("%s: the scene has no turns to find", k)
		}
	}
}

// TestEvalFull (make bench) scores 3 scenes of 3 minutes of every kind and
// writes the table to ATTUNE_BENCH_MOMENTS_OUT.
func TestEvalFull(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") == "" {
		t.Skip("ATTUNE_BENCH=1 runs the full evaluation (make bench)")
	}
	var kinds []string
	for _, k := range sceneKinds {
		kinds = append(kinds, k.name)
	}
	table, _ := evalTable(t, kinds, 3, 180, DefaultConfig())
	t.Log("\n" + table)
	if out := os.Getenv("ATTUNE_BENCH_MOMENTS_OUT"); out != "" {
		if err := os.WriteFile(out, []byte("moment finder, precision/recall per scene kind (±300 ms)\n"+table), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
