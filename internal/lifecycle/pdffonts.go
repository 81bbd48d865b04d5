package lifecycle

import "codeberg.org/go-pdf/fpdf"

// AddPDFFonts registers the letter's embedded DejaVu Sans (regular and bold)
// as "dejavu" on another PDF, so every document attune prints shares one
// copy of the fonts.
func AddPDFFonts(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes("dejavu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("dejavu", "B", fontBold)
}
