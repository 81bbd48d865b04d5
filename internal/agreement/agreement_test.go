package agreement

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

func near(t *testing.T, name string, got Score, want float64) {
	t.Helper()
	if math.IsNaN(want) {
		if got.Defined() {
			t.Errorf("%s = %v, want undefined", name, got)
		}
		return
	}
	if math.Abs(float64(got)-want) > 1e-6 {
		t.Errorf("%s = %.6f, want %.6f", name, float64(got), want)
	}
}

// The worked example of docs/agreement.md. A: X 0–9, Y 20–29, X 40–49.
// B: X 0–9, X 20–29, Y 60–69. Pairs: X–X, Y–X; A's X at 40 and B's Y at 60
// are unmatched. Doubled table (rows A, columns B; X, Y, unmatched):
// [[2 0 1] [2 0 0] [0 1 0]], N = 6.
//   - kappa (excl.): [[2 0] [2 0]]: po = 2/4, pe = (2·4 + 2·0)/16 = 0.5 → 0.
//   - raw (incl.): 2/6.
//   - kappa_max (excl.): Σmin(row, col) = min(2,4) + min(2,0) = 2 → po_max 0.5 → 0.
//   - X's 2×2: both 2, A only 1, B only 2, neither 1: po 3/6, pe (4·3 + 2·3)/36 = 0.5 → 0.
//   - Y's 2×2: both 0, A only 2, B only 1, neither 3: po 3/6, pe (1·2 + 5·4)/36 → −2/7.
//   - kappa_ipf: fitted by 20 rounds of IPF (an independent script): pe 0.3733567 → −0.0638694.
func TestEventsWorkedExample(t *testing.T) {
	a := []Moment{{"X", 0, 9}, {"Y", 20, 29}, {"X", 40, 49}}
	b := []Moment{{"X", 0, 9}, {"X", 20, 29}, {"Y", 60, 69}}
	r := Events(a, b, Options{})
	if r.Pairs != 2 || r.Agree != 1 || r.UnmatchedA != 1 || r.UnmatchedB != 1 {
		t.Fatalf("counts %+v", r)
	}
	if r.Confusion["X"]["X"] != 1 || r.Confusion["Y"]["X"] != 1 || r.Confusion["X"][Unmatched] != 1 || r.Confusion[Unmatched]["Y"] != 1 {
		t.Fatalf("confusion %v", r.Confusion)
	}
	near(t, "kappa", r.Kappa, 0)
	near(t, "kappa_max", r.KappaMax, 0)
	near(t, "raw", r.Raw, 2.0/6)
	near(t, "kappa_ipf", r.KappaIPF, -0.06386937712625083)
	x, y := r.PerCode["X"], r.PerCode["Y"]
	if x.Both != 1 || x.AOnly != 1 || x.BOnly != 1 || y.Both != 0 || y.AOnly != 1 || y.BOnly != 1 {
		t.Fatalf("per code %+v", r.PerCode)
	}
	near(t, "kappa X", x.Kappa, 0)
	near(t, "kappa Y", y.Kappa, -2.0/7)
}

func TestEventsTextbookKappa(t *testing.T) {
	// Every moment paired, 20 X–X, 5 X–Y, 10 Y–X, 15 Y–Y: Cohen's kappa of
	// [[20 5] [10 15]] is (0.7 − 0.5)/(1 − 0.5) = 0.4 (doubling changes nothing).
	var a, b []Moment
	add := func(n int, ca, cb string) {
		for range n {
			s := len(a) * 100
			a, b = append(a, Moment{ca, s, s + 49}), append(b, Moment{cb, s + 2, s + 50})
		}
	}
	add(20, "X", "X")
	add(5, "X", "Y")
	add(10, "Y", "X")
	add(15, "Y", "Y")
	r := Events(a, b, Options{})
	if r.Pairs != 50 || r.Agree != 35 || r.UnmatchedA+r.UnmatchedB != 0 {
		t.Fatalf("%+v", r)
	}
	near(t, "kappa", r.Kappa, 0.4)
}

func TestMatchRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []Moment
		o    Options
		want []Pair
	}{
		{"below the 60% threshold", []Moment{{"X", 0, 9}}, []Moment{{"X", 5, 14}}, Options{}, nil},
		{"at 60%", []Moment{{"X", 0, 9}}, []Moment{{"X", 4, 13}}, Options{}, []Pair{{0, 0, 0.6}}},
		{"a lower threshold", []Moment{{"X", 0, 9}}, []Moment{{"X", 5, 14}}, Options{Overlap: 0.5}, []Pair{{0, 0, 0.5}}},
		{"whatever the code", []Moment{{"X", 0, 9}}, []Moment{{"Y", 0, 9}}, Options{}, []Pair{{0, 0, 1}}},
		{"one to one, largest first", []Moment{{"X", 0, 9}}, []Moment{{"X", 2, 11}, {"Y", 0, 8}}, Options{}, []Pair{{0, 1, 0.9}}},
		{"ties go to the larger raw overlap", []Moment{{"X", 0, 9}, {"X", 20, 29}}, []Moment{{"X", 0, 19}}, Options{}, []Pair{}},
		{"points within the tolerance", []Moment{{"P", 100, 100}}, []Moment{{"P", 112, 112}}, Options{FPS: 25}, []Pair{{0, 0, 1 - 12.0/13}}},
		{"half a second at 30 fps", []Moment{{"P", 100, 100}}, []Moment{{"P", 85, 85}}, Options{FPS: 30}, []Pair{{0, 0, 1 - 15.0/16}}},
		{"points beyond it", []Moment{{"P", 100, 100}}, []Moment{{"P", 113, 113}}, Options{FPS: 25}, nil},
		{"the nearer point wins", []Moment{{"P", 100, 100}}, []Moment{{"P", 90, 90}, {"Q", 103, 103}}, Options{FPS: 25}, []Pair{{0, 1, 1 - 3.0/13}}},
	} {
		got := Match(tc.a, tc.b, tc.o)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i].A != tc.want[i].A || got[i].B != tc.want[i].B || math.Abs(got[i].Ratio-tc.want[i].Ratio) > 1e-9 {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

func TestFramesWorkedExample(t *testing.T) {
	// A: X 0–9. B: X 5–14. Frames 0–14: A has X on 10, B on 10, both on 5.
	// Per code X: [[5 5] [5 0]]: po 5/15, pe (10·10 + 5·5)/225 = 125/225 → −0.5.
	// AC1: π = 10/15, pe = 2·(2/3)(1/3)/1 = 4/9 → (1/3 − 4/9)/(5/9) = −0.2.
	// The categories are "X" and "" so the overall table is the same.
	r := Frames([]Moment{{"X", 0, 9}}, []Moment{{"X", 5, 14}}, Options{})
	x := r.PerCode["X"]
	if r.Slices != 15 || x.AFrames != 10 || x.BFrames != 10 || x.BothFrames != 5 {
		t.Fatalf("%+v", r)
	}
	near(t, "kappa X", x.Kappa, -0.5)
	near(t, "ac1 X", x.AC1, -0.2)
	near(t, "kappa", r.Kappa, -0.5)
	near(t, "ac1", r.AC1, -0.2)
}

func TestFramesSlicesAndPoints(t *testing.T) {
	// One-second slices at 25 fps: ticks 0, 25, 50. A's point at 60 is within
	// half a slice of tick 50; B's point at 10 of tick 0 only.
	r := Frames([]Moment{{"X", 0, 50}, {"P", 60, 60}}, []Moment{{"X", 0, 30}, {"P", 10, 10}}, Options{FPS: 25, SliceMS: 1000})
	if r.SliceFrames != 25 || r.Slices != 3 {
		t.Fatalf("%+v", r)
	}
	if p := r.PerCode["P"]; p.AFrames != 1 || p.BFrames != 1 || p.BothFrames != 0 {
		t.Fatalf("P %+v", p)
	}
	if x := r.PerCode["X"]; x.AFrames != 3 || x.BFrames != 2 || x.BothFrames != 2 {
		t.Fatalf("X %+v", x)
	}
}

func TestRareCodeKeepsAC1Informative(t *testing.T) {
	// 1000 frames; each coder marks a short X elsewhere in a long stretch of
	// Y: kappa for X is near zero though the coders agree on 98% of frames.
	a := []Moment{{"Y", 0, 999}, {"X", 100, 109}}
	b := []Moment{{"Y", 0, 999}, {"X", 200, 209}}
	x := Frames(a, b, Options{}).PerCode["X"]
	if !(x.Kappa < 0.01 && x.AC1 > 0.97) {
		t.Fatalf("kappa %v ac1 %v", x.Kappa, x.AC1)
	}
}

func TestEmptyCodingsAreUndefinedNotZero(t *testing.T) {
	r := Compare(nil, nil, Options{})
	if r.Events.Kappa.Defined() || r.Events.KappaIPF.Defined() || r.Frames.Kappa.Defined() {
		t.Fatalf("%+v", r)
	}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]map[string]any
	if err := json.Unmarshal(js, &back); err != nil || back["events"]["kappa"] != nil {
		t.Fatalf("%s %v", js, err)
	}
}

// randomCoding makes a coding of n moments with codes from a small scheme,
// spans of 1–60 frames (some points) within 3000 frames.
func randomCoding(rng *rand.Rand, n int) []Moment {
	codes := []string{"look", "name", "turn", "wait"}
	out := make([]Moment, n)
	for i := range out {
		s := rng.IntN(3000)
		l := rng.IntN(60)
		if rng.IntN(5) == 0 {
			l = 0
		}
		out[i] = Moment{codes[rng.IntN(len(codes))], s, s + l}
	}
	return out
}

func TestPropertyIdenticalCodingsAgreeFully(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		a := randomCoding(rng, 2+rng.IntN(30))
		r := Compare(a, a, Options{})
		if r.Events.Pairs != len(a) || r.Events.Agree != len(a) {
			t.Fatalf("identical codings left moments unpaired: %+v", r.Events)
		}
		for name, s := range map[string]Score{"kappa": r.Events.Kappa, "frames kappa": r.Frames.Kappa, "ac1": r.Frames.AC1} {
			if s.Defined() && math.Abs(float64(s)-1) > 1e-9 {
				t.Fatalf("%s = %v for identical codings %v", name, s, a)
			}
		}
		if math.Abs(float64(r.Events.KappaIPF)-1) > 1e-3 {
			t.Fatalf("kappa_ipf = %v for identical codings", r.Events.KappaIPF)
		}
	}
}

func TestPropertyDisjointCodingsAgreeNoBetterThanChance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		a := randomCoding(rng, 1+rng.IntN(20))
		b := randomCoding(rng, 1+rng.IntN(20))
		for i := range b { // move B's moments past all of A's
			b[i].Start += 4000
			b[i].End += 4000
		}
		r := Compare(a, b, Options{})
		if r.Events.Pairs != 0 || !(float64(r.Events.KappaIPF) <= 0) {
			t.Fatalf("disjoint: %+v", r.Events)
		}
		for code, fc := range r.Frames.PerCode {
			if fc.Kappa.Defined() && fc.Kappa > 0 {
				t.Fatalf("disjoint code %s kappa %v", code, fc.Kappa)
			}
		}
		if r.Frames.Kappa.Defined() && r.Frames.Kappa > 0 {
			t.Fatalf("disjoint frames kappa %v", r.Frames.Kappa)
		}
	}
}

func TestPropertySymmetricInAAndB(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		a, b := randomCoding(rng, rng.IntN(25)), randomCoding(rng, rng.IntN(25))
		ab, ba := Compare(a, b, Options{}), Compare(b, a, Options{})
		if ab.Events.Pairs != ba.Events.Pairs || ab.Events.Agree != ba.Events.Agree ||
			ab.Events.UnmatchedA != ba.Events.UnmatchedB || ab.Events.UnmatchedB != ba.Events.UnmatchedA {
			t.Fatalf("counts differ: %+v / %+v", ab.Events, ba.Events)
		}
		same := func(name string, x, y Score) {
			if x.Defined() != y.Defined() || (x.Defined() && math.Abs(float64(x-y)) > 1e-6) {
				t.Fatalf("%s: %v vs %v (a=%v b=%v)", name, x, y, a, b)
			}
		}
		same("kappa", ab.Events.Kappa, ba.Events.Kappa)
		// ELAN stops its fitting after 20 rounds, rows first, so A–B and
		// B–A differ in the fifth decimal at most.
		if d := math.Abs(float64(ab.Events.KappaIPF - ba.Events.KappaIPF)); d > 1e-4 {
			t.Fatalf("kappa_ipf: %v vs %v", ab.Events.KappaIPF, ba.Events.KappaIPF)
		}
		same("frames kappa", ab.Frames.Kappa, ba.Frames.Kappa)
		same("frames ac1", ab.Frames.AC1, ba.Frames.AC1)
		for c, x := range ab.Events.PerCode {
			same("per code "+c, x.Kappa, ba.Events.PerCode[c].Kappa)
		}
	}
}
