package lifecycle

import (
	"bytes"
	_ "embed"
	"fmt"

	"codeberg.org/go-pdf/fpdf"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/pdftext"
)

// DejaVu Sans (see fonts/LICENSE) covers Latin, Greek, Cyrillic, Hebrew and
// Arabic; pdftext draws emoji and CJK from fonts on the machine.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const (
	margin = 22.0
	pageW  = 210.0
	pageH  = 297.0
	textW  = pageW - 2*margin
	ink    = 40
	teal   = 0x1d
)

var (
	body     = pdftext.Style{Size: 11, Leading: 5.6}
	small    = pdftext.Style{Size: 9, Leading: 4.4}
	strong   = pdftext.Style{Size: 11, Leading: 5.6, Bold: true}
	title    = pdftext.Style{Size: 20, Leading: 10, Bold: true, LTR: true}
	section  = pdftext.Style{Size: 14, Leading: 7, Bold: true, LTR: true}
	ourSmall = pdftext.Style{Size: 9, Leading: 4.4, LTR: true}
	ours     = pdftext.Style{Size: 11, Leading: 5.6, LTR: true}
)

// letter is the closing letter being typeset.
type letter struct {
	pdf *fpdf.Fpdf
	tw  *pdftext.Writer
}

// RenderLetter typesets the closing letter on A4.
func RenderLetter(lc LetterContent) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	tw, err := PDFText(pdf)
	if err != nil {
		return nil, fmt.Errorf("closing letter: %w", err)
	}
	pdf.SetTitle("Closing letter", true)
	pdf.SetCreator("attune", true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("dejavu", "", 8)
		pdf.SetTextColor(120, 120, 120)
		pdf.CellFormat(0, 5, fmt.Sprintf("%d", pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetTextColor(ink, ink, ink)
	})
	pdf.AddPage()
	pdf.SetTextColor(ink, ink, ink)
	l := &letter{pdf, tw}
	l.head(lc)
	l.goals(lc.Goals)
	l.answer(ChildNowHeading(lc.Case), note(lc.Notes, domain.NoteEndingChild))
	l.answer("Your relationship now, in your words", note(lc.Notes, domain.NoteEndingRelationship))
	l.reviewWords(lc.Cycles)
	l.stills(lc.Stills)
	l.answer("Ideas for the future", note(lc.Notes, domain.NoteFuture))
	l.close(lc.Case)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("closing letter: %w", err)
	}
	return buf.Bytes(), nil
}

func note(ns map[string]*domain.Note, kind string) string {
	if n := ns[kind]; n != nil {
		return n.Body
	}
	return ""
}

// room starts a new page unless h mm still fit on this one.
func (l *letter) room(h float64) {
	if l.pdf.GetY()+h > pageH-margin {
		l.pdf.AddPage()
	}
}

// heading sets a section's title, on the page where the next h mm of its
// content start, so that a title is never left alone at a page's foot.
func (l *letter) heading(s string, st pdftext.Style, next float64) {
	l.room(l.tw.Height(s, st, textW) + 2 + next)
	l.pdf.SetTextColor(teal, 0x5e, 0x63)
	l.tw.Paragraph(margin, textW, s, st)
	l.pdf.SetTextColor(ink, ink, ink)
	l.pdf.Ln(2)
}

func (l *letter) para(s string) {
	l.tw.Paragraph(margin, textW, s, body)
	l.pdf.Ln(3)
}

// quote sets a family's words indented, with a bar beside them on the side
// they start from.
func (l *letter) quote(s string) {
	const indent = 6.0
	for _, ln := range l.tw.Lines(s, body, textW-indent) {
		if len(ln.Glyphs) == 0 { // a blank line between paragraphs
			l.pdf.Ln(body.Leading / 2)
			continue
		}
		l.room(body.Leading)
		y := l.pdf.GetY()
		x, barX := margin+indent, margin+1
		if ln.RTL {
			x, barX = margin, margin+textW-1
		}
		l.tw.DrawLine(ln, x, y+body.Leading*0.78, textW-indent, body)
		l.pdf.SetDrawColor(0xb8, 0xcc, 0xcc)
		l.pdf.SetLineWidth(0.8)
		l.pdf.Line(barX, y, barX, y+body.Leading)
		l.pdf.SetY(y + body.Leading)
	}
	l.pdf.Ln(3)
}

// answer is a section holding one of the family's answers, if given.
func (l *letter) answer(title, s string) {
	if s == "" {
		return
	}
	l.heading(title, section, 2*body.Leading)
	l.quote(s)
}

func (l *letter) head(lc LetterContent) {
	l.heading("Our work together", title, 2*body.Leading)
	text := note(lc.Notes, domain.NoteLetter)
	if !StartsWithGreeting(text) {
		l.tw.Paragraph(margin, textW, LetterGreeting(lc.Case), ours)
		l.pdf.Ln(3)
	}
	if text == "" {
		text = "Thank you for the time we spent together, and for letting us film and watch moments with " + childNames(lc.Case) +
			". This letter brings together your goals, how you rated them at the start and at the end, how you see your child and your relationship now, and what you said in the reviews."
	}
	l.para(text)
}

func (l *letter) goals(goals []*domain.Goal) {
	if len(goals) == 0 {
		return
	}
	for i, g := range goals {
		q := "“" + g.HelpingQuestion + "”"
		h := l.tw.Height(q, strong, textW) + 1 + chartHeight(g) + 4
		if i == 0 {
			l.heading("Your goals", section, h)
		}
		l.room(h)
		l.tw.Paragraph(margin, textW, q, strong)
		l.pdf.Ln(1)
		goalChart(l.pdf, g)
		l.pdf.Ln(4)
	}
}

const barH, barGap = 5.0, 2.0

func chartHeight(g *domain.Goal) float64 { return float64(len(g.Ratings))*(barH+barGap) + 4 }

// goalChart draws the goal's ratings over time as bars on the 0–10 scale,
// with the hoped-for rating marked.
func goalChart(pdf *fpdf.Fpdf, g *domain.Goal) {
	const labelW = 38.0
	scaleW := textW - labelW - 12
	x0 := margin + labelW
	for _, r := range g.Ratings {
		y := pdf.GetY()
		pdf.SetFont("dejavu", "", 9)
		pdf.SetXY(margin, y)
		pdf.CellFormat(labelW-2, barH, PointLabel(r), "", 0, "R", false, 0, "")
		pdf.SetFillColor(232, 238, 238)
		pdf.Rect(x0, y, scaleW, barH, "F")
		pdf.SetFillColor(teal, 0x5e, 0x63)
		pdf.Rect(x0, y, scaleW*float64(r.Value)/10, barH, "F")
		pdf.SetXY(x0+scaleW+1, y)
		pdf.CellFormat(10, barH, fmt.Sprintf("%d", r.Value), "", 0, "L", false, 0, "")
		pdf.SetY(y + barH + barGap)
	}
	hx := x0 + scaleW*float64(g.Hoped)/10
	pdf.SetDrawColor(0xc2, 0x5e, 0x1d)
	pdf.SetLineWidth(0.6)
	top := pdf.GetY() - float64(len(g.Ratings))*(barH+barGap)
	pdf.Line(hx, top-1, hx, pdf.GetY()-barGap+1)
	pdf.SetFont("dejavu", "", 8)
	pdf.SetXY(x0, pdf.GetY())
	pdf.SetTextColor(0x9a, 0x4a, 0x16)
	pdf.CellFormat(scaleW, 4, fmt.Sprintf("Hoped for: %d out of 10", g.Hoped), "", 1, "R", false, 0, "")
	pdf.SetTextColor(ink, ink, ink)
}

// reviewWords are the family's words from each reviewed cycle, as said.
func (l *letter) reviewWords(cycles []*domain.Cycle) {
	first := true
	for _, c := range cycles {
		if c.Status != domain.CycleReviewed || (c.ParentWords == "" && c.NextSteps == "") {
			continue
		}
		label := fmt.Sprintf("Cycle %d", c.Number)
		if first {
			l.heading("What you said in the reviews", section, small.Leading+2*body.Leading)
			first = false
		}
		l.room(small.Leading + 2*body.Leading)
		l.pdf.SetTextColor(0x5a, 0x66, 0x66)
		l.tw.Paragraph(margin, textW, label, ourSmall)
		l.pdf.SetTextColor(ink, ink, ink)
		l.pdf.Ln(1)
		if c.ParentWords != "" {
			l.quote(c.ParentWords)
		}
		if c.NextSteps != "" {
			l.tw.Paragraph(margin, textW, "What you wanted to try next: "+c.NextSteps, ourSmall)
			l.pdf.Ln(3)
		}
	}
}

func (l *letter) close(c *domain.Case) {
	l.pdf.Ln(4)
	l.room(3 * body.Leading)
	l.tw.Paragraph(margin, textW, "With warm wishes,", ours)
	l.pdf.Ln(3)
	l.para(c.OwnerName)
}
