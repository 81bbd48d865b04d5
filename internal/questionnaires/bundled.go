package questionnaires

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

//go:embed bundled/*.json
var bundledFiles embed.FS

// Bundled reads the public-domain instruments shipped with attune (PHQ-9 and
// GAD-7). Licensed instruments are never bundled: a service that holds a
// licence imports the definition itself.
func Bundled() ([]*Instrument, error) {
	names, err := fs.Glob(bundledFiles, "bundled/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*Instrument
	for _, n := range names {
		b, err := bundledFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		r, err := ImportFHIR(b)
		if err != nil {
			return nil, fmt.Errorf("bundled instrument %s: %w", n, err)
		}
		if len(r.Warnings) > 0 {
			return nil, fmt.Errorf("bundled instrument %s: %v", n, r.Warnings)
		}
		r.Instrument.Source = SourceBundled
		out = append(out, r.Instrument)
	}
	return out, nil
}

// GoalBased describes the built-in goal-based outcomes: they live on the
// case as the family's goals and their 0–10 ratings (see lifecycle), not as
// a questionnaire to send.
const GoalBased = "Goal-based outcomes: the family's own goals (one to three), each rated from 0 to 10 at the first meeting, after each cycle and at the ending. Built in and free to use; ratings are recorded in the Goals section of the case."
