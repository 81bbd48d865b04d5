package agreement

import (
	"encoding/binary"
	"slices"
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
	idx := make(map[string]int, len(codes))
	for i, c := range codes {
		idx[c] = i
	}
	n := (last-first)/step + 1
	ca, cb := coverage(a, idx, first, step, n), coverage(b, idx, first, step, n)
	r.Slices = n
	all := categories(ca, cb, n)
	r.Kappa, r.AC1 = cohen(all), gwetAC1(all)
	for i, c := range codes {
		var t [2][2]float64
		for k := range n {
			t[bit(ca[i][k])][bit(cb[i][k])]++
		}
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

// coverage marks, per code, the slices whose sampling frame (first +
// k·step) a coding's moments cover: a span from its first to its last
// frame, a point when it is the sampled frame or within half a slice of it.
func coverage(ms []Moment, idx map[string]int, first, step, n int) [][]bool {
	out := make([][]bool, len(idx))
	for i := range out {
		out[i] = make([]bool, n)
	}
	for _, m := range ms {
		row := out[idx[m.Code]]
		if m.point() {
			d := m.Start - first
			for _, k := range []int{d / step, d/step + 1} {
				if k < n && (2*abs(d-k*step) < step || d == k*step) {
					row[k] = true
				}
			}
			continue
		}
		k0 := (m.Start - first + step - 1) / step
		for k := k0; k < n && first+k*step <= m.End; k++ {
			row[k] = true
		}
	}
	return out
}

// categories cross-tabulates the sets of codes present in each slice.
func categories(ca, cb [][]bool, n int) [][]float64 {
	ids := map[string]int{}
	var buf []byte
	id := func(cov [][]bool, k int) int {
		buf = buf[:0]
		for c := range cov {
			if cov[c][k] {
				buf = binary.AppendUvarint(buf, uint64(c))
			}
		}
		if v, ok := ids[string(buf)]; ok {
			return v
		}
		ids[string(buf)] = len(ids)
		return len(ids) - 1
	}
	type cell struct{ a, b int }
	counts := map[cell]float64{}
	for k := range n {
		counts[cell{id(ca, k), id(cb, k)}]++
	}
	t := make([][]float64, len(ids))
	for i := range t {
		t[i] = make([]float64, len(ids))
	}
	for c, v := range counts {
		t[c.a][c.b] = v
	}
	return t
}
