package questionnaires

import (
	"slices"
	"testing"
)

// Prune drops answers to questions enableWhen hides, again until nothing
// changes (a dropped answer can hide another question), and keeps the rest.
func TestPrune(t *testing.T) {
	in := &Instrument{Items: []Item{
		{LinkID: "a", Type: TypeBoolean},
		{LinkID: "b", Type: TypeBoolean, EnableWhen: []Condition{{Question: "a", Operator: "=", Answer: "true"}}},
		{LinkID: "c", Type: TypeString, EnableWhen: []Condition{{Question: "b", Operator: "exists", Answer: "true"}}},
		{LinkID: "d", Type: TypeString},
	}}
	for _, c := range []struct {
		ans     Answers
		dropped []string
	}{
		{Answers{"a": "true", "b": "true", "c": "x", "d": "y"}, nil},
		{Answers{"a": "false", "b": "true", "c": "x", "d": "y"}, []string{"b", "c"}},
		{Answers{"b": "true", "c": "x"}, []string{"b", "c"}},
		{Answers{"a": "true", "c": "x"}, []string{"c"}},
	} {
		kept, dropped := in.Prune(c.ans)
		slices.Sort(dropped)
		if !slices.Equal(dropped, c.dropped) {
			t.Errorf("%v: dropped %v, want %v", c.ans, dropped, c.dropped)
		}
		for _, k := range dropped {
			if _, ok := kept[k]; ok {
				t.Errorf("%v: %s dropped yet kept", c.ans, k)
			}
		}
		if len(kept)+len(dropped) != len(c.ans) {
			t.Errorf("%v: kept %v", c.ans, kept)
		}
	}
}
