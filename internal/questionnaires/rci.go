package questionnaires

import "math"

// Directions of change between two scores.
const (
	Improved     = "improved"
	Deteriorated = "deteriorated"
	NoChange     = "no reliable change"
	Unknown      = "not known" // the instrument gives no reliability to judge by
)

// Change compares two totals of the same instrument.
type Change struct {
	From, To      float64
	Diff          float64  // To − From
	RCI           *float64 // Jacobson–Truax index, when reliability and norm SD are known
	Threshold     float64  // the smallest change that counts as reliable; 0 when unknown
	Reliable      bool
	Direction     string
	CrossedCutoff bool // moved across the clinical cut-off, either way
	Recovered     bool // reliably improved and left the clinical range
}

// Compare judges the change from one total to another. With the instrument's
// reliability r and norm SD it is the Jacobson–Truax reliable change index:
// RCI = (To − From) / (SD·√2·√(1−r)), reliable when |RCI| > 1.96. Without
// them, a published reliable change threshold is used when given.
func (s *Scoring) Compare(from, to float64) Change {
	c := Change{From: from, To: to, Diff: to - from, Direction: Unknown}
	switch {
	case s.Reliability > 0 && s.Reliability < 1 && s.NormSD > 0:
		sdiff := s.NormSD * math.Sqrt2 * math.Sqrt(1-s.Reliability)
		rci := round(c.Diff/sdiff, 2)
		c.RCI, c.Threshold = &rci, round(1.96*sdiff, 2)
		c.Reliable = math.Abs(c.Diff/sdiff) > 1.96
	case s.ReliableChange > 0:
		c.Threshold = s.ReliableChange
		c.Reliable = math.Abs(c.Diff) >= s.ReliableChange
	default:
		c.Direction = Unknown
	}
	if c.Threshold > 0 {
		c.Direction = NoChange
		if c.Reliable {
			better := c.Diff < 0
			if s.HigherIsBetter {
				better = c.Diff > 0
			}
			c.Direction = map[bool]string{true: Improved, false: Deteriorated}[better]
		}
	}
	if s.Cutoff != nil {
		wasClinical, isClinical := s.clinical(from), s.clinical(to)
		c.CrossedCutoff = wasClinical != isClinical
		c.Recovered = wasClinical && !isClinical && c.Direction == Improved
	}
	return c
}

// clinical tells whether a total is in the clinical range: at or above the
// cut-off, or below it for a scale where higher is better.
func (s *Scoring) clinical(total float64) bool {
	if s.HigherIsBetter {
		return total < *s.Cutoff
	}
	return total >= *s.Cutoff
}
