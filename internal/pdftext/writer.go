package pdftext

import (
	"fmt"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-text/typesetting/shaping"
)

// Style is how a piece of text is set.
type Style struct {
	Bold    bool
	Size    float64 // pt
	Leading float64 // mm from one baseline to the next
	// LTR sets every paragraph left to right, for attune's own words that
	// hold a name ("Sam now, in your words"); otherwise each paragraph
	// takes the direction of its first letter (Hebrew, Arabic: right to left).
	LTR bool
}

// Writer sets text on one fpdf document. It is not safe for concurrent
// use; make one for each document.
type Writer struct {
	pdf     *fpdf.Fpdf
	family  string
	regular faceSet
	bold    faceSet
	shaper  shaping.HarfbuzzShaper
	seg     shaping.Segmenter
	wrap    shaping.LineWrapper
	images  map[string]bool
}

// New makes a Writer for pdf. regular and bold are the TrueType fonts
// already added to pdf as family (styles "" and "B"): characters they have
// are written as text in them, everything else is drawn.
func New(pdf *fpdf.Fpdf, family string, regular, bold []byte) (*Writer, error) {
	reg := parse(fontKey(regular), func() ([]byte, error) { return regular, nil })
	bld := parse(fontKey(bold), func() ([]byte, error) { return bold, nil })
	if len(reg) == 0 || len(bld) == 0 {
		return nil, fmt.Errorf("pdftext: the main fonts could not be read")
	}
	fb := fallbackFonts()
	return &Writer{pdf: pdf, family: family, regular: newFaceSet(reg[0], fb), bold: newFaceSet(bld[0], fb),
		images: map[string]bool{}}, nil
}

func (w *Writer) faces(bold bool) faceSet {
	if bold {
		return w.bold
	}
	return w.regular
}

// Height is how tall s is when set in st at width.
func (w *Writer) Height(s string, st Style, width float64) float64 {
	return float64(len(w.Lines(s, st, width))) * st.Leading
}

// Paragraph sets s at (x, the current y) in width, a new page when a line
// would cross the bottom margin, and leaves y under the last line.
func (w *Writer) Paragraph(x, width float64, s string, st Style) {
	_, pageH := w.pdf.GetPageSize()
	_, _, _, bottom := w.pdf.GetMargins()
	for _, l := range w.Lines(s, st, width) {
		if w.pdf.GetY()+st.Leading > pageH-bottom {
			w.pdf.AddPage()
		}
		y := w.pdf.GetY()
		w.DrawLine(l, x, y+st.Leading*0.78, width, st)
		w.pdf.SetY(y + st.Leading)
	}
}

// DrawLine sets one line with its baseline at y: flush left, or flush
// right in width when the paragraph reads right to left.
func (w *Writer) DrawLine(l Line, x, baseline, width float64, st Style) {
	if l.RTL {
		x += width - l.Width
	}
	style := ""
	if st.Bold {
		style = "B"
	}
	w.pdf.SetFont(w.family, style, st.Size)
	for _, g := range l.Glyphs {
		gx, gy := x+g.X, baseline-g.Y
		if r, ok := g.asText(); ok {
			w.pdf.Text(gx, gy, string(r))
			continue
		}
		if !w.bitmap(g, gx, gy) {
			w.outline(g, gx, gy)
		}
		w.hiddenText(g, gx, gy)
	}
}

// asText is the character to write when the main font's own glyph for it
// is the one the shaper chose (most Latin, Greek, Cyrillic and Hebrew).
func (g Glyph) asText() (rune, bool) {
	rs := []rune(g.Text)
	if !g.Main || g.NoText || len(rs) != 1 || rs[0] > 0xFFFF {
		return 0, false
	}
	id, ok := g.Face.NominalGlyph(rs[0])
	return rs[0], ok && id == g.ID
}
