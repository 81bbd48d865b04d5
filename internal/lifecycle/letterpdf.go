package lifecycle

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/attune-vig/attune/internal/domain"
)

// DejaVu Sans (see fonts/LICENSE) covers Latin, Greek and Cyrillic names.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const (
	margin   = 22.0
	pageW    = 210.0
	textW    = pageW - 2*margin
	ink      = 40
	teal     = 0x1d
	bodySize = 11.0
)

// RenderLetter typesets the closing letter on A4.
func RenderLetter(lc LetterContent) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.AddUTF8FontFromBytes("dejavu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", fontBold)
	pdf.SetTitle("Closing letter", true)
	pdf.SetCreator("attune", true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("dejavu", "", 8)
		pdf.SetTextColor(120, 120, 120)
		pdf.CellFormat(0, 5, fmt.Sprintf("%d", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	letterHead(pdf, lc)
	letterGoals(pdf, lc.Goals)
	letterWords(pdf, lc.Cycles)
	letterStills(pdf, lc.Stills)
	paragraphSection(pdf, "Ideas for the future", note(lc.Notes, domain.NoteFuture))
	letterClose(pdf, lc.Case)
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

func heading(pdf *fpdf.Fpdf, size float64, s string) {
	pdf.SetFont("dejavu", "B", size)
	pdf.SetTextColor(teal, 0x5e, 0x63)
	pdf.MultiCell(textW, size*0.5, s, "", "L", false)
	pdf.Ln(2)
	pdf.SetTextColor(ink, ink, ink)
}

func para(pdf *fpdf.Fpdf, s string) {
	pdf.SetFont("dejavu", "", bodySize)
	pdf.SetTextColor(ink, ink, ink)
	pdf.MultiCell(textW, 5.6, s, "", "L", false)
	pdf.Ln(3)
}

func letterHead(pdf *fpdf.Fpdf, lc LetterContent) {
	heading(pdf, 20, "Our work together")
	var adults, children []string
	for _, p := range lc.Case.Participants {
		if p.Role == domain.ParticipantChild {
			children = append(children, p.Name)
		} else {
			adults = append(adults, p.Name)
		}
	}
	greeting := "Dear family,"
	if len(adults) > 0 {
		greeting = "Dear " + joinNames(adults) + ","
	}
	para(pdf, greeting)
	body := note(lc.Notes, domain.NoteLetter)
	if body == "" {
		with := "your child"
		if len(children) > 0 {
			with = joinNames(children)
		}
		body = "Thank you for the time we spent together, and for letting us film and watch moments with " + with +
			". This letter brings together your goals, how you rated them at the start and at the end, and what you saw change, in your own words."
	}
	para(pdf, body)
}

func joinNames(ns []string) string {
	if len(ns) <= 1 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

func letterGoals(pdf *fpdf.Fpdf, goals []*domain.Goal) {
	if len(goals) == 0 {
		return
	}
	heading(pdf, 14, "Your goals")
	for _, g := range goals {
		if pdf.GetY() > 240 {
			pdf.AddPage()
		}
		pdf.SetFont("dejavu", "B", bodySize)
		pdf.MultiCell(textW, 5.6, "“"+g.HelpingQuestion+"”", "", "L", false)
		pdf.Ln(1)
		goalChart(pdf, g)
		pdf.Ln(4)
	}
}

// goalChart draws the goal's ratings over time as bars on the 0–10 scale,
// with the hoped-for rating marked.
func goalChart(pdf *fpdf.Fpdf, g *domain.Goal) {
	const labelW, barH, gap = 38.0, 5.0, 2.0
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
		pdf.SetY(y + barH + gap)
	}
	hx := x0 + scaleW*float64(g.Hoped)/10
	pdf.SetDrawColor(0xc2, 0x5e, 0x1d)
	pdf.SetLineWidth(0.6)
	top := pdf.GetY() - float64(len(g.Ratings))*(barH+gap)
	pdf.Line(hx, top-1, hx, pdf.GetY()-gap+1)
	pdf.SetFont("dejavu", "", 8)
	pdf.SetXY(x0, pdf.GetY())
	pdf.SetTextColor(0x9a, 0x4a, 0x16)
	pdf.CellFormat(scaleW, 4, fmt.Sprintf("Hoped for: %d out of 10", g.Hoped), "", 1, "R", false, 0, "")
	pdf.SetTextColor(ink, ink, ink)
}

func letterWords(pdf *fpdf.Fpdf, cycles []*domain.Cycle) {
	var words []string
	for _, c := range cycles {
		if c.Status == domain.CycleReviewed && c.ParentWords != "" {
			words = append(words, c.ParentWords)
		}
	}
	if len(words) == 0 {
		return
	}
	heading(pdf, 14, "What changed, in your own words")
	for _, w := range words {
		pdf.SetFont("dejavu", "", bodySize)
		pdf.SetX(margin + 6)
		pdf.MultiCell(textW-6, 5.6, "“"+w+"”", "L", "L", false)
		pdf.Ln(3)
	}
}

// letterStills places the pictures side by side, two to a row, each with
// its caption underneath.
func letterStills(pdf *fpdf.Fpdf, stills []LetterStill) {
	if len(stills) == 0 {
		return
	}
	heading(pdf, 14, "Moments from your films")
	const gap = 6.0
	w := (textW - gap) / 2
	for i, st := range stills {
		name := fmt.Sprintf("still-%d", i)
		info := pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(st.PNG))
		if info == nil || pdf.Err() {
			pdf.ClearError()
			continue
		}
		h := w * info.Height() / info.Width()
		if pdf.GetY()+h+14 > 297-margin {
			pdf.AddPage()
		}
		x, y := margin+float64(i%2)*(w+gap), pdf.GetY()
		pdf.ImageOptions(name, x, y, w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.SetXY(x, y+h+1.5)
		pdf.SetFont("dejavu", "", 9)
		pdf.MultiCell(w, 4.4, st.Caption, "", "L", false)
		if i%2 == 1 || i == len(stills)-1 {
			pdf.SetY(max(pdf.GetY(), y+h+8) + 3)
		} else {
			pdf.SetY(y)
		}
	}
	pdf.SetTextColor(ink, ink, ink)
}

func paragraphSection(pdf *fpdf.Fpdf, title, body string) {
	if body == "" {
		return
	}
	heading(pdf, 14, title)
	para(pdf, body)
}

func letterClose(pdf *fpdf.Fpdf, c *domain.Case) {
	pdf.Ln(4)
	para(pdf, "With warm wishes,")
	para(pdf, c.OwnerName)
}
