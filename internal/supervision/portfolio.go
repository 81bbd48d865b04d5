package supervision

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/pdftext"
	"github.com/attune-vig/attune/internal/store"
)

// Portfolio typesets a trainee's portfolio summary for the accrediting
// body: the stages with their numbers, supervision sessions, meetings and
// the reflective statement. It is anonymised: no family's name or case
// reference, no video, and no learning point (which may name a family).
func (s *Service) Portfolio(ctx context.Context, a accounts.Actor, traineeID string) ([]byte, error) {
	var l *Log
	var sessions []*domain.SupervisionSession
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		if err := mayFollow(ctx, tx, a, traineeID); err != nil {
			return err
		}
		var err error
		if l, err = buildLog(ctx, tx, traineeID); err != nil {
			return err
		}
		all, err := tx.SupervisionSessionsOf(ctx, traineeID)
		for _, x := range all {
			if x.TraineeID == traineeID {
				sessions = append(sessions, x)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.DB.AuditView(ctx, entry(a, "accreditation.portfolio", "user", traineeID, "", "")); err != nil {
		return nil, err
	}
	return renderPortfolio(l, sessions, time.Now())
}

// portfolioLine is one heading (size > 0) or paragraph of the summary.
type portfolioLine struct {
	size float64
	text string
}

// portfolioLines is everything the summary says, in order: the trainee's
// numbers, stages, sessions (date, length, mode, supervisor) and statement.
func portfolioLines(l *Log, sessions []*domain.SupervisionSession, now time.Time) []portfolioLine {
	h := func(size float64, s string) portfolioLine { return portfolioLine{size, s} }
	p := func(format string, args ...any) portfolioLine { return portfolioLine{0, fmt.Sprintf(format, args...)} }
	out := []portfolioLine{h(18, "Portfolio summary: "+l.Trainee.Name),
		p("Made on %s. Families are counted, never named; no video is included.", now.Format("Monday 2 January 2006")),
		p("In all: %d cycles completed, %d families, %.1f hours of supervision.", l.TotalCycles, l.TotalFamilies, float64(l.TotalMinutes)/60),
		h(13, "Stages")}
	for _, st := range l.Stages {
		state := "under way"
		if st.Reviewed != nil {
			state = "reviewed on " + st.Reviewed.HeldOn + " by " + st.Reviewed.Reviewer
		} else if !st.Current {
			state = "not started"
		}
		out = append(out, p("%s (%s): %d of %d cycles, %d of %d new families, %.1f of %d supervision hours.", st.Rule.Name, state,
			st.Cycles, st.Rule.Cycles, st.NewFamilies, st.Rule.NewFamilies, st.Hours(), st.Rule.SupervisionHours))
	}
	if l.Accredited != nil {
		out = append(out, p("Accreditation meeting held on %s with %s.", l.Accredited.HeldOn, l.Accredited.Reviewer))
	}
	out = append(out, h(13, "Supervision sessions"))
	if len(sessions) == 0 {
		out = append(out, p("None logged yet."))
	}
	for _, x := range sessions {
		out = append(out, p("%s · %d minutes · %s · with %s", x.HeldOn, x.Minutes, ModeLabel(x.Mode), x.SupervisorName))
	}
	out = append(out, h(13, "Reflective statement"))
	if l.Statement == "" {
		return append(out, p("Not written yet."))
	}
	return append(out, portfolioLine{0, l.Statement})
}

func renderPortfolio(l *Log, sessions []*domain.SupervisionSession, now time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	tw, err := lifecycle.PDFText(pdf)
	if err != nil {
		return nil, fmt.Errorf("portfolio summary: %w", err)
	}
	pdf.SetTitle("Portfolio summary", true)
	pdf.SetCreator("attune", true)
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	for _, ln := range portfolioLines(l, sessions, now) {
		if ln.size > 0 {
			tw.Paragraph(20, width-40, ln.text, pdftext.Style{Size: ln.size, Leading: ln.size * 0.55, Bold: true, LTR: true})
			pdf.Ln(2)
			continue
		}
		tw.Paragraph(20, width-40, ln.text, pdftext.Style{Size: 10.5, Leading: 5.5})
		pdf.Ln(1)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("portfolio summary: %w", err)
	}
	return buf.Bytes(), nil
}

// ModeLabel says how a session was held, in words.
func ModeLabel(mode string) string {
	switch mode {
	case domain.SupervisionInPerson:
		return "in person"
	case domain.SupervisionVideoCall:
		return "video call"
	case domain.SupervisionGroup:
		return "group"
	}
	return mode
}
