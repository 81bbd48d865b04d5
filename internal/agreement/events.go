package agreement

import (
	"cmp"
	"slices"
	"sort"
)

// Pair is one moment of coding A paired with one of coding B (indexes into
// the slices given to Events).
type Pair struct {
	A, B  int
	Ratio float64 // overlap / the longer one's duration; for points, closeness
}

// EventResult is the event-based comparison.
type EventResult struct {
	Pairs      int                 `json:"pairs"`
	Agree      int                 `json:"agree"`
	UnmatchedA int                 `json:"unmatched_a"`
	UnmatchedB int                 `json:"unmatched_b"`
	Kappa      Score               `json:"kappa"`     // excluding the unmatched category (ELAN's kappa (excl.))
	KappaIPF   Score               `json:"kappa_ipf"` // including it (ELAN's kappa_ipf)
	KappaMax   Score               `json:"kappa_max"` // the largest kappa (excl.) the marginals allow
	Raw        Score               `json:"raw"`       // share of moments in agreeing pairs, unmatched included
	Codes      []string            `json:"codes"`     // the confusion table's order; Unmatched last
	Confusion  Confusion           `json:"confusion"`
	PerCode    map[string]CodeStat `json:"per_code"`
	Matches    []Pair              `json:"-"`
}

// Confusion counts moments: Confusion[codeA][codeB] is how many pairs had
// codeA in A and codeB in B; Confusion[code][Unmatched] are A's moments
// left alone, Confusion[Unmatched][code] B's. Pairs are counted once here
// (ELAN doubles them before computing its coefficients; so does Events).
type Confusion map[string]map[string]int

// CodeStat is one code's 2×2 table against all others, in moments: both
// coders gave it to a pair; only A gave it (B another code or nothing); only
// B. Kappa is ELAN's per-value kappa, from its table with pairs doubled.
type CodeStat struct {
	Both  int   `json:"both"`
	AOnly int   `json:"a_only"`
	BOnly int   `json:"b_only"`
	Kappa Score `json:"kappa"`
}

// Events pairs the moments of a and b one to one and tabulates them.
func Events(a, b []Moment, o Options) EventResult {
	o = o.Defaults()
	pairs := Match(a, b, o)
	codes := codeList(a, b)
	idx := make(map[string]int, len(codes))
	for i, c := range codes {
		idx[c] = i
	}
	size := len(codes)
	counts := make([][]float64, size)
	for i := range counts {
		counts[i] = make([]float64, size)
	}
	pairedA, pairedB := make([]bool, len(a)), make([]bool, len(b))
	r := EventResult{Pairs: len(pairs), Matches: pairs, Codes: codes}
	for _, p := range pairs {
		pairedA[p.A], pairedB[p.B] = true, true
		counts[idx[a[p.A].Code]][idx[b[p.B].Code]]++
		if a[p.A].Code == b[p.B].Code {
			r.Agree++
		}
	}
	u := size - 1
	for i, m := range a {
		if !pairedA[i] {
			counts[idx[m.Code]][u]++
			r.UnmatchedA++
		}
	}
	for i, m := range b {
		if !pairedB[i] {
			counts[u][idx[m.Code]]++
			r.UnmatchedB++
		}
	}
	r.Confusion = confusion(codes, counts)
	doubled := doubleMatched(counts)
	r.Kappa = cohen(sub(doubled))
	r.KappaMax = kappaMax(sub(doubled))
	r.KappaIPF = kappaIPF(doubled)
	_, po, _ := tableChance(doubled)
	r.Raw = Score(po)
	r.PerCode = perCode(codes, counts, doubled)
	return r
}

// codeList is every code of both codings, sorted, then Unmatched.
func codeList(a, b []Moment) []string {
	seen := map[string]bool{}
	for _, m := range append(slices.Clone(a), b...) {
		seen[m.Code] = true
	}
	codes := make([]string, 0, len(seen)+1)
	for c := range seen {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return append(codes, Unmatched)
}

func confusion(codes []string, counts [][]float64) Confusion {
	c := Confusion{}
	for i, ca := range codes {
		for j, cb := range codes {
			if counts[i][j] == 0 {
				continue
			}
			if c[ca] == nil {
				c[ca] = map[string]int{}
			}
			c[ca][cb] = int(counts[i][j])
		}
	}
	return c
}

// doubleMatched counts every pair twice, leaving the unmatched row and
// column as they are: Holle & Rein's (and GSEQ's) convention, which ELAN
// follows, so the table's total is the number of moments.
func doubleMatched(counts [][]float64) [][]float64 {
	d := make([][]float64, len(counts))
	last := len(counts) - 1
	for i := range counts {
		d[i] = slices.Clone(counts[i])
		for j := range d[i] {
			if i < last && j < last {
				d[i][j] *= 2
			}
		}
	}
	return d
}

// sub is the table without its last (unmatched) row and column.
func sub(t [][]float64) [][]float64 {
	s := make([][]float64, len(t)-1)
	for i := range s {
		s[i] = t[i][:len(t)-1]
	}
	return s
}

// perCode makes a 2×2 table per code from the confusion table, as ELAN's
// calculatePerValueAgreementTables does from its doubled table.
func perCode(codes []string, counts, doubled [][]float64) map[string]CodeStat {
	out := make(map[string]CodeStat, len(codes)-1)
	for i, code := range codes[:len(codes)-1] {
		st := CodeStat{Both: int(counts[i][i])}
		st.AOnly, st.BOnly = int(offDiagonal(counts, i, true)), int(offDiagonal(counts, i, false))
		n, _, _ := tableChance(doubled)
		both := doubled[i][i]
		aOnly, bOnly := offDiagonal(doubled, i, true), offDiagonal(doubled, i, false)
		st.Kappa = cohen([][]float64{{both, bOnly}, {aOnly, n - both - aOnly - bOnly}})
		out[code] = st
	}
	return out
}

// offDiagonal sums row i (A gave code i, B another or nothing) or column i
// without the diagonal cell.
func offDiagonal(t [][]float64, i int, row bool) float64 {
	var s float64
	for j := range t {
		if j == i {
			continue
		}
		if row {
			s += t[i][j]
		} else {
			s += t[j][i]
		}
	}
	return s
}

// candidate is a possible pair with what orders it.
type candidate struct {
	a, b     int
	ratio    float64
	raw      int // frames of overlap
	minStart int
	maxStart int
}

// Match pairs moments one to one, greedily: the largest overlap ratio
// first, ties to the larger raw overlap, then the earlier start (ELAN's
// AnnotatorCompareUtil2.matchAnnotations). Two spans pair when their
// overlap is at least o.Overlap of the longer one; two points pair when
// they lie within o.ToleranceMS of each other.
func Match(a, b []Moment, o Options) []Pair {
	o = o.Defaults()
	tol := o.toleranceFrames()
	cands := candidates(a, b, o.Overlap, tol)
	slices.SortStableFunc(cands, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(y.ratio, x.ratio), cmp.Compare(y.raw, x.raw),
			cmp.Compare(x.minStart, y.minStart), cmp.Compare(x.maxStart, y.maxStart))
	})
	usedA, usedB := make([]bool, len(a)), make([]bool, len(b))
	var pairs []Pair
	for _, c := range cands {
		if usedA[c.a] || usedB[c.b] {
			continue
		}
		usedA[c.a], usedB[c.b] = true, true
		pairs = append(pairs, Pair{A: c.a, B: c.b, Ratio: c.ratio})
	}
	slices.SortFunc(pairs, func(x, y Pair) int {
		return cmp.Or(cmp.Compare(a[x.A].Start, a[y.A].Start), cmp.Compare(x.A, y.A))
	})
	return pairs
}

// candidates lists every pair that may form. B's moments are sorted by
// start, so each of A's looks only at those starting between its own start
// less B's longest moment (and the tolerance) and its end (plus the
// tolerance): the others cannot touch it.
func candidates(a, b []Moment, minRatio float64, tol int) []candidate {
	order := make([]int, len(b))
	longest := 0
	for j := range b {
		order[j] = j
		longest = max(longest, b[j].End-b[j].Start)
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(b[x].Start, b[y].Start) })
	var out []candidate
	for i, ma := range a {
		lo := ma.Start - longest - tol
		k := sort.Search(len(order), func(k int) bool { return b[order[k]].Start >= lo })
		for ; k < len(order) && b[order[k]].Start <= ma.End+tol; k++ {
			j := order[k]
			if c, ok := pairable(ma, b[j], minRatio, tol); ok {
				c.a, c.b = i, j
				out = append(out, c)
			}
		}
	}
	return out
}

// pairable says whether two moments may pair and how closely.
func pairable(ma, mb Moment, minRatio float64, tol int) (candidate, bool) {
	c := candidate{minStart: min(ma.Start, mb.Start), maxStart: max(ma.Start, mb.Start)}
	if ma.point() && mb.point() {
		d := abs(ma.Start - mb.Start)
		if d > tol {
			return c, false
		}
		c.ratio = 1 - float64(d)/float64(tol+1)
		return c, true
	}
	c.raw = min(ma.End, mb.End) - max(ma.Start, mb.Start) + 1
	if c.raw <= 0 {
		return c, false
	}
	c.ratio = float64(c.raw) / float64(max(ma.frames(), mb.frames()))
	return c, c.ratio >= minRatio
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
