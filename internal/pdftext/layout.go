package pdftext

import (
	"strings"
	"unicode"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	xbidi "golang.org/x/text/unicode/bidi"
)

// ptToMM turns points into the page's millimetres.
const ptToMM = 25.4 / 72

// Line is one line of a paragraph, shaped and in visual order.
type Line struct {
	Glyphs []Glyph
	Width  float64 // mm
	RTL    bool    // the paragraph reads right to left: the line is set flush right
}

// Glyph is one glyph placed on a line.
type Glyph struct {
	Face   *font.Face
	Main   bool // from the main font (the one fpdf also embeds)
	ID     font.GID
	X      float64 // mm from the line's left edge, offsets included
	Y      float64 // mm up from the baseline
	Size   float64 // pt
	Text   string  // the characters this glyph stands for (on a cluster's first glyph only)
	Adv    float64 // mm the glyph's cluster takes on the line (on its first glyph)
	InRTL  bool    // the glyph belongs to a right-to-left run
	NoText bool    // the glyph repeats a cluster whose text is already given
}

// Lines shapes s in the style and wraps it to width (mm). Each "\n" starts
// a new paragraph; an empty paragraph is an empty line.
func (w *Writer) Lines(s string, st Style, width float64) []Line {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []Line
	for _, p := range strings.Split(s, "\n") {
		out = append(out, w.paragraph(p, st, width)...)
	}
	return out
}

func (w *Writer) paragraph(p string, st Style, width float64) []Line {
	fs := w.faces(st.Bold)
	runes := clean([]rune(p), fs)
	if len(runes) == 0 {
		return []Line{{}}
	}
	rtl := !st.LTR && BaseRTL(runes)
	levels := Levels(runes, rtl)
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	in := shaping.Input{Text: runes, RunEnd: len(runes), Direction: dir, Face: fs[0],
		Size: fixed.Int26_6(st.Size * 64), Script: language.Latin, Language: language.NewLanguage("en")}
	segs := w.seg.Split(in, fs)
	shaped := make([]shaping.Output, len(segs))
	for i, sg := range segs {
		shaped[i] = w.shaper.Shape(sg)
		narrowSpaces(&shaped[i], runes, fs[0])
	}
	maxW := fixed.Int26_6(width / ptToMM * 64)
	lines, _ := w.wrap.WrapParagraphF(shaping.WrapConfig{Direction: dir}, maxW, runes, shaping.NewSliceIterator(shaped))
	out := make([]Line, 0, len(lines))
	for _, l := range lines {
		out = append(out, place(VisualOrder(l, levels), runes, fs[0], st.Size, rtl))
	}
	return out
}

// place puts a line's runs (in visual order) side by side.
func place(runs []shaping.Output, text []rune, main *font.Face, size float64, rtl bool) Line {
	line := Line{RTL: rtl}
	x := 0.0
	first := map[int]int{} // cluster → index of its first glyph on the line
	for _, r := range runs {
		inRTL := r.Direction.Progression() == di.TowardTopLeft
		for _, g := range r.Glyphs {
			pg := Glyph{Face: r.Face, Main: r.Face == main, ID: g.GlyphID, Size: size, InRTL: inRTL,
				X: x + mm(g.XOffset), Y: mm(g.YOffset)}
			i, seen := first[g.ClusterIndex]
			if seen {
				pg.NoText = true
			} else {
				i = len(line.Glyphs)
				first[g.ClusterIndex] = i
				pg.Text = string(text[g.ClusterIndex : g.ClusterIndex+g.RuneCount])
			}
			adv := mm(g.XAdvance)
			line.Glyphs = append(line.Glyphs, pg)
			line.Glyphs[i].Adv += adv
			x += adv
		}
	}
	line.Width = x
	return line
}

// narrowSpaces gives the spaces a fallback font shaped the main font's
// width: an emoji font's space is as wide as an emoji.
func narrowSpaces(out *shaping.Output, text []rune, main *font.Face) {
	if out.Face == main {
		return
	}
	id, _ := main.NominalGlyph(' ')
	space := fixed.Int26_6(float64(main.HorizontalAdvance(id)) * float64(out.Size) / float64(main.Upem()))
	changed := false
	for i, g := range out.Glyphs {
		if g.RuneCount == 1 && text[g.ClusterIndex] == ' ' && g.XAdvance > space {
			out.Glyphs[i].XAdvance, out.Glyphs[i].Advance = space, space
			changed = true
		}
	}
	if changed {
		out.RecomputeAdvance()
	}
}

func mm(v fixed.Int26_6) float64 { return float64(v) / 64 * ptToMM }

// clean turns tabs into spaces, leaves out other control characters and
// puts U+FFFD for a character no font has, so that nothing is drawn as an
// empty box or refused.
func clean(rs []rune, fs faceSet) []rune {
	out := rs[:0:0]
	for _, r := range rs {
		switch {
		case r == '\t':
			r = ' '
		case unicode.IsControl(r):
			continue
		case !fs.covers(r) && !unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Mn, r) && !isVariation(r) && !unicode.IsSpace(r):
			r = '\uFFFD'
		}
		out = append(out, r)
	}
	return out
}

func isVariation(r rune) bool {
	return (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0100 && r <= 0xE01EF) || (r >= 0x1F3FB && r <= 0x1F3FF)
}

// BaseRTL tells whether a paragraph reads right to left: its first strong
// character is Hebrew, Arabic or another right-to-left script (rules P2, P3).
func BaseRTL(rs []rune) bool {
	for _, r := range rs {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.L:
			return false
		case xbidi.R, xbidi.AL:
			return true
		}
	}
	return false
}

// Levels are the bidi embedding levels of a paragraph's characters.
func Levels(rs []rune, rtl bool) []bidi.Level {
	def := bidi.LeftToRight
	if rtl {
		def = bidi.RightToLeft
	}
	var p bidi.Paragraph
	runs := p.Segment(rs, def)
	levels := make([]bidi.Level, len(rs))
	for i := 0; i < runs.NumRuns(); i++ {
		r := runs.Run(i)
		for j := r.Start; j < r.End && j < len(levels); j++ {
			levels[j] = r.Level
		}
	}
	return levels
}

// VisualOrder puts a line's runs (in logical order) in the order they are
// seen, by reversing every sequence at or above each odd level, highest
// first (rule L2). A run's glyphs are already in visual order.
func VisualOrder(line shaping.Line, levels []bidi.Level) []shaping.Output {
	n := len(line)
	lv := make([]bidi.Level, n)
	out := make([]shaping.Output, n)
	copy(out, line)
	var top, lowOdd bidi.Level = 0, 125
	for i, r := range line {
		if r.Runes.Offset < len(levels) {
			lv[i] = levels[r.Runes.Offset]
		}
		top = max(top, lv[i])
		if lv[i]%2 == 1 {
			lowOdd = min(lowOdd, lv[i])
		}
	}
	for l := top; l >= lowOdd && l > 0; l-- {
		for i := 0; i < n; {
			if lv[i] < l {
				i++
				continue
			}
			j := i
			for j < n && lv[j] >= l {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				out[a], out[b] = out[b], out[a]
				lv[a], lv[b] = lv[b], lv[a]
			}
			i = j
		}
	}
	return out
}
