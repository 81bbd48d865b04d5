package questionnaires

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"

	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/safecsv"
)

// CSV writes the report as tidy data for R or SPSS: one row per figure,
// the measure and figure in words.
func (r *Report) CSV() []byte {
	var buf bytes.Buffer
	w := safecsv.NewWriter(&buf)
	from, to := r.From.Format("2006-01-02"), r.To.AddDate(0, 0, -1).Format("2006-01-02")
	w.Write([]string{"Period from", "Period to", "Measure", "Figure", "Value"})
	for _, f := range r.Figures() {
		w.Write([]string{from, to, f.Measure, f.Label, f.Value})
	}
	w.Flush()
	return buf.Bytes()
}

// PDF typesets the report on A4, with the letter's fonts.
func (r *Report) PDF() ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(22, 22, 22)
	pdf.SetAutoPageBreak(true, 22)
	lifecycle.AddPDFFonts(pdf)
	pdf.SetTitle("Service outcomes", true)
	pdf.SetCreator("attune", true)
	pdf.AddPage()
	pdf.SetFont("dejavu", "B", 16)
	pdf.CellFormat(0, 10, "Service outcomes", "", 1, "L", false, 0, "")
	pdf.SetFont("dejavu", "", 10)
	pdf.CellFormat(0, 6, fmt.Sprintf("%s to %s · anonymous figures for the whole service", r.From.Format("2 January 2006"),
		r.To.AddDate(0, 0, -1).Format("2 January 2006")), "", 1, "L", false, 0, "")
	pdf.Ln(4)
	last := ""
	for _, f := range r.Figures() {
		if f.Measure != last {
			pdf.Ln(2)
			pdf.SetFont("dejavu", "B", 11)
			pdf.CellFormat(0, 7, f.Measure, "", 1, "L", false, 0, "")
			pdf.SetFont("dejavu", "", 10)
			last = f.Measure
		}
		pdf.CellFormat(130, 6, f.Label, "B", 0, "L", false, 0, "")
		pdf.CellFormat(0, 6, f.Shown, "B", 1, "R", false, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("service report: %w", err)
	}
	return buf.Bytes(), nil
}
