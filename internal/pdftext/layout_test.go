package pdftext_test

import (
	"io"
	"os"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/attune-vig/attune/internal/pdftext"
)

// writer is a Writer on a fresh A4 document with the letter's fonts.
func writer(t *testing.T) (*fpdf.Fpdf, *pdftext.Writer) {
	t.Helper()
	reg, err := os.ReadFile("../lifecycle/fonts/DejaVuSans.ttf")
	if err != nil {
		t.Fatal(err)
	}
	bold, err := os.ReadFile("../lifecycle/fonts/DejaVuSans-Bold.ttf")
	if err != nil {
		t.Fatal(err)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("dejavu", "", reg)
	pdf.AddUTF8FontFromBytes("dejavu", "B", bold)
	pdf.AddPage()
	w, err := pdftext.New(pdf, "dejavu", reg, bold)
	if err != nil {
		t.Fatal(err)
	}
	return pdf, w
}

// visual is a line's characters in the order they are seen, left to right.
func visual(l pdftext.Line) string {
	var b strings.Builder
	for _, g := range l.Glyphs {
		rs := []rune(g.Text)
		if g.InRTL {
			for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
				rs[i], rs[j] = rs[j], rs[i]
			}
		}
		b.WriteString(string(rs))
	}
	return b.String()
}

func haveCJKFont() bool {
	for _, p := range pdftext.FallbackFonts[1:] {
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// TestBidiAndShaping sets one line of each kind of text a family may write
// and checks the order it is seen in, its direction, that every glyph is a
// real one (never the empty box of a missing character) and, for Arabic,
// that the letters take their joined forms.
func TestBidiAndShaping(t *testing.T) {
	_, w := writer(t)
	cases := []struct {
		name, in, seen string
		rtl, joined    bool
		needs          func() bool
	}{
		{name: "latin", in: "Zoë waited, café.", seen: "Zoë waited, café."},
		{name: "hebrew", in: "שלום עולם", seen: "םלוע םולש", rtl: true},
		{name: "arabic", in: "مرحبا بالعالم", seen: "ملاعلاب ابحرم", rtl: true, joined: true},
		{name: "hebrew with a number", in: "אני בן 5 ושמי דני", seen: "ינד ימשו 5 ןב ינא", rtl: true},
		{name: "arabic with a number", in: "نحن 3 أطفال", seen: "لافطأ 3 نحن", rtl: true, joined: true},
		{name: "hebrew and a number inside english", in: "Hello שלום 123 עולם end", seen: "Hello םלוע 123 םולש end"},
		{name: "english inside hebrew", in: "אמא said ok", seen: "said ok אמא", rtl: true},
		{name: "emoji", in: "Great 👍🏽 😀 ❤", seen: "Great 👍🏽 😀 ❤"},
		{name: "cjk", in: "我们一起玩 とても楽しい", seen: "我们一起玩 とても楽しい", needs: haveCJKFont},
		{name: "control characters", in: "a\tb\x07c", seen: "a bc"},
		{name: "a character no font has", in: "x\U0010FFFDy", seen: "x\uFFFDy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.needs != nil && !c.needs() {
				t.Skip("no CJK font on this machine (apt-get install fonts-droid-fallback)")
			}
			lines := w.Lines(c.in, pdftext.Style{Size: 11, Leading: 5.6}, 160)
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1", len(lines))
			}
			l := lines[0]
			if got := visual(l); got != c.seen {
				t.Errorf("seen as %q, want %q", got, c.seen)
			}
			if l.RTL != c.rtl {
				t.Errorf("right to left: %v, want %v", l.RTL, c.rtl)
			}
			contextual := 0
			for _, g := range l.Glyphs {
				if g.ID == 0 {
					t.Errorf("%q is drawn as the missing-glyph box", g.Text)
				}
				if g.Text == " " && g.Adv > 1.5 {
					t.Errorf("a space is %.1f mm wide", g.Adv)
				}
				if r := []rune(g.Text); len(r) == 1 {
					if id, _ := g.Face.NominalGlyph(r[0]); id != g.ID {
						contextual++
					}
				}
			}
			if c.joined && contextual < 3 {
				t.Errorf("only %d letters took a joined form", contextual)
			}
			if !c.joined && c.name == "hebrew" && contextual != 0 {
				t.Errorf("%d Hebrew letters changed form; Hebrew does not join", contextual)
			}
			if l.Width <= 0 || l.Width > 160 {
				t.Errorf("width %.1f mm", l.Width)
			}
		})
	}
}

// TestLinesWrap breaks a long paragraph into lines that fit, keeps every
// word, and starts a new line at each line break.
func TestLinesWrap(t *testing.T) {
	_, w := writer(t)
	words := strings.Repeat("We played with the blocks and he smiled at me. ", 12)
	for _, in := range []string{words, strings.Repeat("שיחקנו בקוביות והוא חייך אליי. ", 12)} {
		lines := w.Lines(in+"\nLast line", pdftext.Style{Size: 11, Leading: 5.6}, 80)
		if len(lines) < 5 {
			t.Fatalf("%d lines for a long paragraph", len(lines))
		}
		var all []string
		for _, l := range lines {
			if l.Width > 80.01 {
				t.Errorf("a line is %.1f mm wide in 80", l.Width)
			}
			all = append(all, strings.Fields(visual(l))...)
		}
		if got, want := len(all), len(strings.Fields(in))+2; got != want {
			t.Errorf("%d words set, want %d", got, want)
		}
		if last := visual(lines[len(lines)-1]); last != "Last line" {
			t.Errorf("last line %q", last)
		}
	}
}

// TestAnyText sets text a family might paste, with controls, direction
// overrides, broken UTF-8, lone marks and a word longer than the line, and
// checks that it is set, fits and never draws the missing-glyph box.
func TestAnyText(t *testing.T) {
	pdf, w := writer(t)
	for _, in := range []string{
		"\u202Eabc\u202C and \u200Fשלום\u200E",
		"bad \xff\xfe utf-8",
		"\u0301\u0301 lone marks",
		"\u200D\uFE0F",
		"https://example.org/" + strings.Repeat("a-very-long-path-segment/", 12),
		strings.Repeat("😀👍🏽❤️ ", 40),
		strings.Repeat("x", 5000),
		"👨‍👩‍👧 family",
	} {
		lines := w.Lines(in, pdftext.Style{Size: 11, Leading: 5.6}, 80)
		if len(lines) == 0 {
			t.Errorf("%.20q: no lines", in)
		}
		for _, l := range lines {
			if l.Width > 80.01 {
				t.Errorf("%.20q: a line is %.1f mm wide in 80", in, l.Width)
			}
			for _, g := range l.Glyphs {
				if g.ID == 0 && strings.TrimSpace(g.Text) != "" {
					t.Errorf("%.20q: %q drawn as the missing-glyph box", in, g.Text)
				}
			}
		}
		w.Paragraph(20, 80, in, pdftext.Style{Size: 11, Leading: 5.6})
	}
	if err := pdf.Output(io.Discard); err != nil {
		t.Errorf("the page with all of it: %v", err)
	}
}

// attune's own words keep their direction when they start with a name in
// another script: "ليو now, in your words" reads left to right.
func TestOurWordsStayLeftToRight(t *testing.T) {
	_, w := writer(t)
	in := "ليو now, in your words"
	auto := w.Lines(in, pdftext.Style{Size: 14, Leading: 7}, 160)[0]
	ours := w.Lines(in, pdftext.Style{Size: 14, Leading: 7, LTR: true}, 160)[0]
	if !auto.RTL || ours.RTL {
		t.Fatalf("right to left: by its first letter %v (want true), as ours %v (want false)", auto.RTL, ours.RTL)
	}
	if got := visual(ours); got != "ويل now, in your words" {
		t.Errorf("ours seen as %q", got)
	}
}
