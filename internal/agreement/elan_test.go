package agreement

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// elanAnn is an ELAN annotation: begin and end in milliseconds, end
// exclusive, as an ELAN tier holds them.
type elanAnn struct {
	code   string
	bt, et int64
}

type elanOverlapPair struct {
	a1, a2  int
	percent float64
	raw     int64
}

// elanMatch follows ELAN's AnnotatorCompareUtil2.matchAnnotations step by
// step (read from ELAN's source): collect every overlapping pair at or
// above the threshold with a moving window over the second tier, sort by
// percentage then raw overlap, and take pairs from the largest down,
// skipping annotations already matched. It is the reference the package's
// own pairing is checked against on tier-like codings (sorted, no overlaps
// within one coder).
func elanMatch(t1, t2 []elanAnn, minPercent float64) map[int]int {
	var all []elanOverlapPair
	last2 := 0
	for i, a1 := range t1 {
		var overlapList []int
		for j := last2; j < len(t2); j++ {
			a2 := t2[j]
			if a1.bt < a2.et && a2.bt < a1.et {
				pct := float64(min(a1.et, a2.et)-max(a1.bt, a2.bt)) / float64(max(a1.et-a1.bt, a2.et-a2.bt))
				if pct >= minPercent {
					all = append(all, elanOverlapPair{i, j, pct, min(a1.et, a2.et) - max(a1.bt, a2.bt)})
					overlapList = append(overlapList, j)
				}
			} else if a2.bt >= a1.et {
				last2 = max(j-1-len(overlapList), 0)
				break
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].percent != all[j].percent {
			return all[i].percent < all[j].percent
		}
		return all[i].raw < all[j].raw
	})
	matched := map[int]int{}
	taken := map[int]bool{}
	for len(all) > 0 {
		op := all[len(all)-1]
		all = all[:len(all)-1]
		if op.percent == 1.0 {
			matched[op.a1], taken[op.a2] = op.a2, true
			continue
		}
		if _, ok := matched[op.a1]; ok || taken[op.a2] {
			continue
		}
		matched[op.a1], taken[op.a2] = op.a2, true
	}
	return matched
}

// randomTier is one coder's moments as an ELAN tier: spans of 2–80 frames,
// in order, never overlapping each other.
func randomTier(rng *rand.Rand, n int) []Moment {
	codes := []string{"look", "name", "turn"}
	var out []Moment
	at := rng.IntN(20)
	for range n {
		l := 1 + rng.IntN(80)
		out = append(out, Moment{codes[rng.IntN(len(codes))], at, at + l})
		at += l + 1 + rng.IntN(40)
	}
	return out
}

func toELAN(ms []Moment) []elanAnn {
	out := make([]elanAnn, len(ms))
	for i, m := range ms {
		out[i] = elanAnn{m.Code, int64(m.Start) * 40, int64(m.End+1) * 40} // 25 fps
	}
	return out
}

func TestPairingMatchesELAN(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for round := range 500 {
		a, b := randomTier(rng, 1+rng.IntN(30)), randomTier(rng, 1+rng.IntN(30))
		threshold := []float64{0.51, 0.6, 0.75}[round%3]
		want := elanMatch(toELAN(a), toELAN(b), threshold)
		got := Match(a, b, Options{FPS: 25, Overlap: threshold})
		if len(got) != len(want) {
			t.Fatalf("round %d: %d pairs, ELAN %d\na=%v\nb=%v", round, len(got), len(want), a, b)
		}
		for _, p := range got {
			if w, ok := want[p.A]; !ok || w != p.B {
				t.Fatalf("round %d: pair %v, ELAN pairs A%d with %v", round, p, p.A, w)
			}
		}
		checkTableLikeELAN(t, a, b, want, threshold)
	}
}

// checkTableLikeELAN builds the agreement table as ELAN's
// calculateOverallMatrix does (pairs by value, then A's unmatched, then B's)
// and compares it with the package's confusion table.
func checkTableLikeELAN(t *testing.T, a, b []Moment, matched map[int]int, threshold float64) {
	t.Helper()
	want := Confusion{}
	inc := func(x, y string) {
		if want[x] == nil {
			want[x] = map[string]int{}
		}
		want[x][y]++
	}
	pairedB := map[int]bool{}
	for i, j := range matched {
		inc(a[i].Code, b[j].Code)
		pairedB[j] = true
	}
	for i := range a {
		if _, ok := matched[i]; !ok {
			inc(a[i].Code, Unmatched)
		}
	}
	for j := range b {
		if !pairedB[j] {
			inc(Unmatched, b[j].Code)
		}
	}
	got := Events(a, b, Options{FPS: 25, Overlap: threshold}).Confusion
	for _, x := range codeList(a, b) {
		for _, y := range codeList(a, b) {
			if got[x][y] != want[x][y] {
				t.Fatalf("cell %s/%s = %d, ELAN %d", x, y, got[x][y], want[x][y])
			}
		}
	}
}
