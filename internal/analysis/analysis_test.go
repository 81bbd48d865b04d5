package analysis

import (
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/safecsv"
)

func TestParseFrameTimesIsExactToTheMicrosecond(t *testing.T) {
	got, err := ParseFrameTimes(strings.NewReader(`{"pts_ms":[0.000,33.367,66.733,14.000]}`))
	if err != nil || len(got) != 4 || got[1] != 33_367 || got[2] != 66_733 || got[3] != 14_000 {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := ParseFrameTimes(strings.NewReader(`framesframes`)); err == nil {
		t.Fatal("garbage parsed as a frame table")
	}
}

func TestFrameEndUsesTheTableNotARate(t *testing.T) {
	pts := []int64{0, 40_000, 95_000, 130_000}
	for _, tc := range []struct {
		i    int
		want int64
	}{{0, 40_000}, {1, 95_000}, {3, 165_000}} {
		if got := frameEnd(pts, tc.i); got != tc.want {
			t.Errorf("frameEnd(%d) = %d, want %d", tc.i, got, tc.want)
		}
	}
}

func TestVTTTextCannotBreakACue(t *testing.T) {
	for in, want := range map[string]string{
		"a --> b":         "a --&gt; b",
		"one\n\ntwo":      "one\ntwo",
		"<i>x</i> & y":    "&lt;i&gt;x&lt;/i&gt; &amp; y",
		"plain":           "plain",
		"line\r\nwindows": "line\nwindows",
	} {
		if got := vttText(in); got != want {
			t.Errorf("vttText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := vttTime(3_723_456_789); got != "01:02:03.456" {
		t.Errorf("vttTime: %s", got)
	}
}

func TestCSVFormulaGuardRoundTrips(t *testing.T) {
	for _, note := range []string{"=1+2", "+cmd", "-x", "@SUM", "'quoted", "plain"} {
		rows, err := readCSV(strings.NewReader("code,start_frame,end_frame,note\nguiding,1,1," + safecsv.Cell(note) + "\n"))
		if err != nil || *rows[0].in.Note != note {
			t.Errorf("note %q came back as %q (%v)", note, *rows[0].in.Note, err)
		}
	}
}

func TestSchemeRules(t *testing.T) {
	ok := func() *domain.Scheme {
		return &domain.Scheme{Name: "S", Codes: []domain.Code{{Code: "a", Label: "A", Colour: "#000000", Key: "1",
			Subcodes: []domain.Subcode{{Code: "a/b", Label: "B"}}}}}
	}
	if err := validateScheme(ok()); err != nil {
		t.Fatal(err)
	}
	for name, spoil := range map[string]func(*domain.Scheme){
		"no name":          func(s *domain.Scheme) { s.Name = " " },
		"no codes":         func(s *domain.Scheme) { s.Codes = nil },
		"upper case code":  func(s *domain.Scheme) { s.Codes[0].Code = "A" },
		"percent in code":  func(s *domain.Scheme) { s.Codes[0].Code = "a%" },
		"two-letter key":   func(s *domain.Scheme) { s.Codes[0].Key = "12" },
		"named colour":     func(s *domain.Scheme) { s.Codes[0].Colour = "red" },
		"foreign sub-code": func(s *domain.Scheme) { s.Codes[0].Subcodes[0].Code = "z/b" },
		"code twice":       func(s *domain.Scheme) { s.Codes = append(s.Codes, s.Codes[0]) },
	} {
		s := ok()
		spoil(s)
		if err := validateScheme(s); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	s := ok()
	s.Codes[0].Subcodes[0].Retired = true
	if applicable(s, "a/b") == nil || applicable(s, "a") != nil || applicable(s, "c") == nil {
		t.Error("a retired sub-code is applicable, or a live code is not")
	}
}
