package agreement

import (
	"slices"
	"sort"
	"strings"
)

// FrameResult is the time-based comparison: the film from the first coded
// frame to the last, cut into slices.
type FrameResult struct {
	SliceFrames int                  `json:"slice_frames"`
	Slices      int                  `json:"slices"`
	Kappa       Score                `json:"kappa"` // over the set of codes present in a slice
	AC1         Score                `json:"ac1"`
	PerCode     map[string]FrameCode `json:"per_code"`
}

// FrameCode is one code present or absent per slice.
type FrameCode struct {
	Kappa      Score `json:"kappa"`
	AC1        Score `json:"ac1"`
	AFrames    int   `json:"a_frames"` // slices where A has the code
	BFrames    int   `json:"b_frames"`
	BothFrames int   `json:"both_frames"`
}

// Frames compares a and b slice by slice, as BORIS does: a slice is sampled
// at its first frame; a span counts when it covers that frame, a point when
// it lies within half a slice of it. The category of a slice is the set of
// codes present (nothing at all is a category too).
func Frames(a, b []Moment, o Options) FrameResult {
	o = o.Defaults()
	step := o.sliceFrames()
	r := FrameResult{SliceFrames: step, PerCode: map[string]FrameCode{}}
	first, last, ok := extent(a, b)
	if !ok {
		r.Kappa, r.AC1 = cohen(nil), gwetAC1(nil)
		return r
	}
	codes := codeList(a, b)
	codes = codes[:len(codes)-1]
	var setsA, setsB []string
	per := make(map[string][2][2]float64, len(codes))
	for tick := first; tick <= last; tick += step {
		pa, pb := present(a, tick, step), present(b, tick, step)
		setsA, setsB = append(setsA, key(pa)), append(setsB, key(pb))
		for _, c := range codes {
			t := per[c]
			t[bit(pa[c])][bit(pb[c])]++
			per[c] = t
		}
	}
	r.Slices = len(setsA)
	all := categoryTable(setsA, setsB)
	r.Kappa, r.AC1 = cohen(all), gwetAC1(all)
	for _, c := range codes {
		t := per[c]
		tab := [][]float64{{t[1][1], t[1][0]}, {t[0][1], t[0][0]}}
		r.PerCode[c] = FrameCode{Kappa: cohen(tab), AC1: gwetAC1(tab),
			AFrames: int(t[1][0] + t[1][1]), BFrames: int(t[0][1] + t[1][1]), BothFrames: int(t[1][1])}
	}
	return r
}

func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// extent is the first and last coded frame of both codings.
func extent(a, b []Moment) (first, last int, ok bool) {
	for _, m := range append(slices.Clone(a), b...) {
		if !ok || m.Start < first {
			first = m.Start
		}
		if !ok || m.End > last {
			last = m.End
		}
		ok = true
	}
	return first, last, ok
}

// present is the set of codes at a tick.
func present(ms []Moment, tick, step int) map[string]bool {
	set := map[string]bool{}
	for _, m := range ms {
		if m.point() {
			if 2*abs(m.Start-tick) < step || m.Start == tick {
				set[m.Code] = true
			}
			continue
		}
		if m.Start <= tick && tick <= m.End {
			set[m.Code] = true
		}
	}
	return set
}

func key(set map[string]bool) string {
	codes := make([]string, 0, len(set))
	for c := range set {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return strings.Join(codes, "+")
}

// categoryTable cross-tabulates the slice categories of A and B.
func categoryTable(sa, sb []string) [][]float64 {
	idx := map[string]int{}
	for _, s := range append(slices.Clone(sa), sb...) {
		if _, ok := idx[s]; !ok {
			idx[s] = len(idx)
		}
	}
	t := make([][]float64, len(idx))
	for i := range t {
		t[i] = make([]float64, len(idx))
	}
	for i := range sa {
		t[idx[sa[i]]][idx[sb[i]]]++
	}
	return t
}
