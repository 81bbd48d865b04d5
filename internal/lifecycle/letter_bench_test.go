package lifecycle_test

import (
	"bytes"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// BenchmarkLetter typesets a two-page letter with the shaper, against a
// baseline of the same words set by fpdf's own MultiCell (no shaping, no
// bidi) in the same run: compare the ns/op of the two.
func BenchmarkLetter(b *testing.B) {
	words := strings.Repeat("When I wait, he comes to me and shows me his drawing. We laugh more. ", 40)
	lc := lifecycle.LetterContent{
		Case: &domain.Case{OwnerName: "Ann Guide", Participants: []domain.Participant{{Role: "adult", Name: "Maya"}, {Role: "child", Name: "Leo"}}},
		Notes: map[string]*domain.Note{domain.NoteLetter: {Body: words}, domain.NoteEndingChild: {Body: words},
			domain.NoteEndingRelationship: {Body: words}, domain.NoteFuture: {Body: words}},
	}
	b.Run("baseline-fpdf-multicell", func(b *testing.B) {
		for b.Loop() {
			pdf := fpdf.New("P", "mm", "A4", "")
			lifecycle.AddPDFFonts(pdf)
			pdf.AddPage()
			pdf.SetFont("dejavu", "", 11)
			for range 4 {
				pdf.MultiCell(166, 5.6, words, "", "L", false)
			}
			var buf bytes.Buffer
			if err := pdf.Output(&buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("letter", func(b *testing.B) {
		for b.Loop() {
			if _, err := lifecycle.RenderLetter(lc); err != nil {
				b.Fatal(err)
			}
		}
	})
	lc.Notes[domain.NoteEndingChild] = &domain.Note{Body: strings.Repeat("הוא רגוע יותר ומחייך אלינו 😀 ", 30)}
	lc.Notes[domain.NoteEndingRelationship] = &domain.Note{Body: strings.Repeat("نحن نلعب معا كل يوم ", 30)}
	b.Run("letter-hebrew-arabic-emoji", func(b *testing.B) {
		for b.Loop() {
			if _, err := lifecycle.RenderLetter(lc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
