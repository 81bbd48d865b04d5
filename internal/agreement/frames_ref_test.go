package agreement

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

// framesByTick is the time-based comparison written the plain way, tick by
// tick over every moment (BORIS's description, word for word): the
// reference the faster Frames is checked against.
func framesByTick(a, b []Moment, o Options) FrameResult {
	o = o.Defaults()
	step := o.sliceFrames()
	r := FrameResult{SliceFrames: step, PerCode: map[string]FrameCode{}}
	first, last, ok := extent(a, b)
	if !ok {
		r.Kappa, r.AC1 = cohen(nil), gwetAC1(nil)
		return r
	}
	present := func(ms []Moment, tick int) map[string]bool {
		set := map[string]bool{}
		for _, m := range ms {
			if m.point() {
				if 2*abs(m.Start-tick) < step || m.Start == tick {
					set[m.Code] = true
				}
			} else if m.Start <= tick && tick <= m.End {
				set[m.Code] = true
			}
		}
		return set
	}
	key := func(set map[string]bool) string {
		var cs []string
		for c := range set {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		return strings.Join(cs, "+")
	}
	codes := codeList(a, b)
	codes = codes[:len(codes)-1]
	var sa, sb []string
	per := map[string][2][2]float64{}
	for tick := first; tick <= last; tick += step {
		pa, pb := present(a, tick), present(b, tick)
		sa, sb = append(sa, key(pa)), append(sb, key(pb))
		for _, c := range codes {
			t := per[c]
			t[bit(pa[c])][bit(pb[c])]++
			per[c] = t
		}
	}
	idx := map[string]int{}
	for _, s := range append(slices.Clone(sa), sb...) {
		if _, ok := idx[s]; !ok {
			idx[s] = len(idx)
		}
	}
	all := make([][]float64, len(idx))
	for i := range all {
		all[i] = make([]float64, len(idx))
	}
	for i := range sa {
		all[idx[sa[i]]][idx[sb[i]]]++
	}
	r.Slices = len(sa)
	r.Kappa, r.AC1 = cohen(all), gwetAC1(all)
	for _, c := range codes {
		t := per[c]
		tab := [][]float64{{t[1][1], t[1][0]}, {t[0][1], t[0][0]}}
		r.PerCode[c] = FrameCode{Kappa: cohen(tab), AC1: gwetAC1(tab), AFrames: int(t[1][0] + t[1][1]), BFrames: int(t[0][1] + t[1][1]), BothFrames: int(t[1][1])}
	}
	return r
}

func sameScore(x, y Score) bool {
	return x.Defined() == y.Defined() && (!x.Defined() || math.Abs(float64(x-y)) < 1e-9)
}

func TestFramesMatchesTheTickByTickReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for round := range 300 {
		a, b := randomCoding(rng, rng.IntN(20)), randomCoding(rng, rng.IntN(20))
		o := Options{FPS: 25, SliceMS: []int{0, 80, 1000, 3000}[round%4]}
		got, want := Frames(a, b, o), framesByTick(a, b, o)
		if got.Slices != want.Slices || !sameScore(got.Kappa, want.Kappa) || !sameScore(got.AC1, want.AC1) || len(got.PerCode) != len(want.PerCode) {
			t.Fatalf("round %d: %+v, reference %+v", round, got, want)
		}
		for c, w := range want.PerCode {
			g := got.PerCode[c]
			if g.AFrames != w.AFrames || g.BFrames != w.BFrames || g.BothFrames != w.BothFrames || !sameScore(g.Kappa, w.Kappa) || !sameScore(g.AC1, w.AC1) {
				t.Fatalf("round %d code %s: %+v, reference %+v", round, c, g, w)
			}
		}
	}
}
