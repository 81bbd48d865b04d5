// Package agreement compares two codings of one recording: the moments two
// coders marked independently. It reports agreement both ways the
// literature asks for (Bakeman, Quera & Gnisci 2009):
//
//   - event-based, as ELAN's tier comparison implements Holle & Rein (2015,
//     EasyDIAg): moments are paired one to one by time overlap, whatever
//     their codes, and the pairs and the unpaired moments fill a confusion
//     table (Events);
//   - time-based, as BORIS does it: the film is cut into slices (one frame by
//     default) and the codes present in each slice are compared (Frames).
//
// The package is pure: it knows frames, codes and numbers, nothing of the
// store or of people.
package agreement

import (
	"encoding/json"
	"math"
)

// Unmatched is the category of a moment that found no partner in the other
// coding (ELAN's "Unmatched").
const Unmatched = "unmatched"

// Moment is one coded moment: a code on frames Start..End, both inclusive.
// A point (a one-frame code) has End == Start.
type Moment struct {
	Code       string
	Start, End int
}

func (m Moment) frames() int { return m.End - m.Start + 1 }

func (m Moment) point() bool { return m.End <= m.Start }

// Options are the comparison's settings.
type Options struct {
	FPS         float64 // frames per second of the recording; 25 when unknown
	Overlap     float64 // minimal overlap / longer duration for a pair; 0.6 when 0
	ToleranceMS int     // two points pair within this distance; 500 when 0
	SliceMS     int     // time-based slice length; 0 means one frame
}

// Defaults fills the zero settings with ELAN's and BORIS's defaults.
func (o Options) Defaults() Options {
	if o.FPS <= 0 {
		o.FPS = 25
	}
	if o.Overlap <= 0 {
		o.Overlap = 0.6
	}
	if o.ToleranceMS <= 0 {
		o.ToleranceMS = 500
	}
	if o.SliceMS < 0 {
		o.SliceMS = 0
	}
	return o
}

// toleranceFrames is the point tolerance in whole frames, never more than
// the tolerance (12 frames for 0.5 s at 25 fps).
func (o Options) toleranceFrames() int {
	return int(math.Floor(float64(o.ToleranceMS)*o.FPS/1000 + 1e-9))
}

// sliceFrames is the time-based slice length in frames (at least one).
func (o Options) sliceFrames() int {
	n := int(math.Round(float64(o.SliceMS) * o.FPS / 1000))
	return max(n, 1)
}

// Score is an agreement coefficient; NaN (undefined, e.g. a division by
// zero when every slice falls in one category) is written as JSON null.
type Score float64

// MarshalJSON writes NaN as null and rounds to four decimals, as ELAN prints.
func (s Score) MarshalJSON() ([]byte, error) {
	f := float64(s)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(math.Round(f*10000) / 10000)
}

// Defined reports whether the score is a number.
func (s Score) Defined() bool { return !math.IsNaN(float64(s)) && !math.IsInf(float64(s), 0) }

// Result is both comparisons of two codings.
type Result struct {
	Events EventResult `json:"events"`
	Frames FrameResult `json:"frames"`
}

// Compare runs both comparisons with o's settings.
func Compare(a, b []Moment, o Options) Result {
	return Result{Events: Events(a, b, o), Frames: Frames(a, b, o)}
}
