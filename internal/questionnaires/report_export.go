package questionnaires

import (
	"bytes"
	"fmt"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/safecsv"
)

// CSV writes the report as tidy data for R or SPSS: one row per figure.
func (r *Report) CSV() []byte {
	var buf bytes.Buffer
	w := safecsv.NewWriter(&buf)
	from, to := r.From.Format("2006-01-02"), r.To.Format("2006-01-02")
	w.Write([]string{"period_from", "period_to", "measure", "statistic", "value"})
	for _, row := range r.Rows() {
		w.Write([]string{from, to, row[0], row[1], row[2]})
	}
	w.Flush()
	return buf.Bytes()
}

// Rows are the report's figures as (measure, statistic, value).
func (r *Report) Rows() [][3]string {
	i := strconv.Itoa
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	out := [][3]string{{"service", "cases_opened", i(r.CasesOpened)}, {"service", "cases_closed", i(r.CasesClosed)},
		{"service", "cycles_completed", i(r.CyclesCompleted)}}
	for _, m := range r.Measures {
		out = append(out, [][3]string{{m.Name, "completed_at_two_time_points", i(m.Pairs)}, {m.Name, "mean_first", f(m.MeanFirst)},
			{m.Name, "mean_last", f(m.MeanLast)}, {m.Name, "mean_change", f(m.MeanChange)},
			{m.Name, "share_reliable_improvement", f(round(m.Share(m.Improved), 3))},
			{m.Name, "share_reliable_recovery", f(round(m.Share(m.Recovered), 3))},
			{m.Name, "share_reliable_deterioration", f(round(m.Share(m.Worsen), 3))}}...)
	}
	g := r.Goals
	return append(out, [][3]string{{"goal_based", "goals_rated_twice", i(g.Goals)}, {"goal_based", "mean_first", f(g.MeanFirst)},
		{"goal_based", "mean_latest", f(g.MeanLatest)}, {"goal_based", "mean_change", f(g.MeanDiff)}}...)
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
	for _, row := range r.Rows() {
		if row[0] != last {
			pdf.Ln(2)
			pdf.SetFont("dejavu", "B", 11)
			pdf.CellFormat(0, 7, row[0], "", 1, "L", false, 0, "")
			pdf.SetFont("dejavu", "", 10)
			last = row[0]
		}
		pdf.CellFormat(110, 6, row[1], "B", 0, "L", false, 0, "")
		pdf.CellFormat(0, 6, row[2], "B", 1, "R", false, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("service report: %w", err)
	}
	return buf.Bytes(), nil
}
