package supervision

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

// The portfolio summary says the trainee's numbers, sessions and statement,
// and names no family: case references and learning points (which may name
// one) are left out.
func TestPortfolioIsAnonymous(t *testing.T) {
	sessions := []*domain.SupervisionSession{{HeldOn: "2026-01-05", Minutes: 90, Mode: domain.SupervisionGroup, SupervisorName: "Sol", LearningPoints: "Maya smiled"}}
	l := fill([]domain.AccreditationStage{{Number: 1, Name: "Stage 1", Cycles: 6, NewFamilies: 2, SupervisionHours: 7, Final: true}}, nil,
		[]domain.ReviewedCycle{{CaseID: "c1", Reference: "REF-SECRET", Number: 1, ReviewedAt: time.Now()}}, sessions)
	l.Trainee, l.Statement = &domain.User{Name: "Tess"}, "I learnt to wait."
	var all strings.Builder
	for _, ln := range portfolioLines(l, sessions, time.Now()) {
		all.WriteString(ln.text + "\n")
	}
	text := all.String()
	for _, want := range []string{"Portfolio summary: Tess", "1 cycles completed, 1 families, 1.5 hours", "Stage 1 (under way): 1 of 6 cycles, 1 of 2 new families, 1.5 of 7",
		"2026-01-05 · 90 minutes · group · with Sol", "I learnt to wait."} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, text)
		}
	}
	for _, gone := range []string{"REF-SECRET", "Maya", "c1"} {
		if strings.Contains(text, gone) {
			t.Errorf("the summary holds %q", gone)
		}
	}
	pdf, err := renderPortfolio(l, sessions, time.Now())
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("render: %d bytes, %v", len(pdf), err)
	}
}

// A statement in any script renders: emoji gave a 500 ("character outside
// the supported range") before the portfolio used the letter's text setter.
func TestPortfolioStatementInAnyScript(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (make test installs poppler-utils)")
	}
	l := fill(nil, nil, nil, nil)
	l.Trainee, l.Statement = &domain.User{Name: "Tess"}, "I learnt to wait 🙂 and to listen: שלום"
	pdf, err := renderPortfolio(l, nil, time.Now())
	if err != nil {
		t.Fatalf("render a statement with an emoji and Hebrew: %v", err)
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Portfolio summary: Tess", "I learnt to wait", "שלום"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, out)
		}
	}
}
