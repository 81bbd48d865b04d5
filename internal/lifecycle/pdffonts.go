package lifecycle

import (
	"codeberg.org/go-pdf/fpdf"

	"github.com/attune-vig/attune/internal/pdftext"
)

// AddPDFFonts adds the embedded DejaVu Sans, regular and bold, to pdf as
// the family "dejavu".
func AddPDFFonts(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes("dejavu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", fontBold)
}

// PDFText adds the fonts to pdf and returns the writer that sets any text a
// person wrote on it: right-to-left scripts, joined Arabic, emoji and CJK.
func PDFText(pdf *fpdf.Fpdf) (*pdftext.Writer, error) {
	AddPDFFonts(pdf)
	return pdftext.New(pdf, "dejavu", fontRegular, fontBold)
}
