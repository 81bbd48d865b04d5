package pdftext

import (
	"bytes"
	"fmt"
	"slices"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// unit is how many mm one font unit of g's face is at g's size.
func (g Glyph) unit() float64 {
	return g.Size * ptToMM / float64(g.Face.Upem())
}

// outline fills the glyph's shape in the current text colour: joined
// Arabic letters, CJK and monochrome emoji come this way.
func (w *Writer) outline(g Glyph, x, y float64) {
	o, ok := g.Face.GlyphData(g.ID).(font.GlyphOutline)
	if !ok || len(o.Segments) == 0 {
		return
	}
	u := g.unit()
	pt := func(p font.SegmentPoint) (float64, float64) { return x + float64(p.X)*u, y - float64(p.Y)*u }
	r, gr, b := w.pdf.GetTextColor()
	w.pdf.SetFillColor(r, gr, b)
	open := false
	for _, s := range o.Segments {
		a := s.Args
		switch s.Op {
		case ot.SegmentOpMoveTo:
			if open {
				w.pdf.ClosePath()
			}
			w.pdf.MoveTo(pt(a[0]))
			open = true
		case ot.SegmentOpLineTo:
			w.pdf.LineTo(pt(a[0]))
		case ot.SegmentOpQuadTo:
			cx, cy := pt(a[0])
			ex, ey := pt(a[1])
			w.pdf.CurveTo(cx, cy, ex, ey)
		case ot.SegmentOpCubeTo:
			c0x, c0y := pt(a[0])
			c1x, c1y := pt(a[1])
			ex, ey := pt(a[2])
			w.pdf.CurveBezierCubicTo(c0x, c0y, c1x, c1y, ex, ey)
		}
	}
	if open {
		w.pdf.ClosePath()
	}
	w.pdf.DrawPath("f")
}

// bitmap places a colour emoji's picture, registered once per document.
func (w *Writer) bitmap(g Glyph, x, y float64) bool {
	bm, ok := g.Face.GlyphData(g.ID).(font.GlyphBitmap)
	if !ok || bm.Format != font.PNG {
		return false
	}
	if bm.Width <= 0 || bm.Height <= 0 || g.Adv <= 0 {
		return false
	}
	name := fmt.Sprintf("glyph-%p-%d", g.Face.Font, g.ID)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	if !w.images[name] {
		if info := w.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(bm.Data)); info == nil || w.pdf.Err() {
			w.pdf.ClearError()
			return false
		}
		w.images[name] = true
	}
	// The picture fills the glyph's advance and sits on the baseline like
	// a letter with a short descender.
	iw := g.Adv
	ih := iw * float64(bm.Height) / float64(bm.Width)
	w.pdf.ImageOptions(name, x, y-ih*0.88, iw, ih, false, opt, 0, "")
	return true
}

// hiddenText writes a drawn glyph's characters as invisible text over it,
// so that the letter can be searched, copied and read aloud. Characters of
// a right-to-left run go in visual order, like the visible ones, so that
// readers put them back in reading order. Characters outside the Basic
// Multilingual Plane (emoji) cannot be written in the embedded font and
// are left out.
func (w *Writer) hiddenText(g Glyph, x, y float64) {
	rs := []rune(g.Text)
	rs = slices.DeleteFunc(rs, func(r rune) bool { return r > 0xFFFF || isVariation(r) || r == 0x200D })
	if len(rs) == 0 {
		return
	}
	if g.InRTL {
		slices.Reverse(rs)
	}
	// The text is squeezed or stretched to the drawn glyphs' width, so that
	// readers see the characters where the glyphs are, not overlapping.
	scale := 100.0
	if tw := w.pdf.GetStringWidth(string(rs)); tw > 0 && g.Adv > 0 {
		scale = 100 * g.Adv / tw
	}
	w.pdf.SetTextRenderingMode(3)
	w.pdf.RawWriteStr(fmt.Sprintf("%.2f Tz", scale))
	w.pdf.Text(x, y, string(rs))
	w.pdf.RawWriteStr("100 Tz")
	w.pdf.SetTextRenderingMode(0)
}
