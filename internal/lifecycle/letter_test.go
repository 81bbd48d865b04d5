package lifecycle_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// TestClosingLetterRenders typesets a letter with non-Latin names, renders
// its first page to PNG with pdftoppm (kept under .artifacts for a look) and
// checks the page has ink on it and the chart's colour.
func TestClosingLetterRenders(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") != "" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
			t.Fatal("pdftoppm is needed to look at the letter: apt-get install poppler-utils (make test installs it)")
		}
		t.Skip("pdftoppm not installed (apt-get install poppler-utils)")
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	lc := lifecycle.LetterContent{
		Case: &domain.Case{OwnerName: "Ann Guide", Participants: []domain.Participant{
			{Role: "adult", Name: "Zoë Ångström"}, {Role: "adult", Name: "Αλέξης"}, {Role: "child", Name: "Дмитрий"}}},
		Goals: []*domain.Goal{{HelpingQuestion: "How can I help Дмитрий feel safe when we are apart?", Hoped: 8, Ratings: []domain.Rating{
			{Value: 2, Point: domain.PointFirstMeeting}, {Value: 5, Point: domain.PointCycle, Cycle: 1}, {Value: 7, Point: domain.PointEnding}}}},
		Cycles: []*domain.Cycle{{Number: 1, Status: domain.CycleReviewed, ParentWords: "When I wait, he comes to me and shows me his drawing."}},
		Notes: map[string]*domain.Note{domain.NoteFuture: {Body: "Keep our ten minutes of play after school."},
			domain.NoteLetter: {Body: "Dear both, it was a pleasure to work with you since " + now.Format("January 2006") + "."}},
		Stills: []lifecycle.LetterStill{{PNG: magenta(t), Caption: "You waited, and he showed you the block"},
			{PNG: magenta(t), Caption: "Дмитрий smiles back"}},
	}
	pdf, err := lifecycle.RenderLetter(lc)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("letter: %v", err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "letter.pdf")
	os.WriteFile(in, pdf, 0o600)
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if art := os.Getenv("ATTUNE_ARTIFACTS"); art != "" {
		os.WriteFile(filepath.Join(art, "closing-letter.png"), b, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var dark, teal, pink int
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0x5000 && g < 0x5000 && bl < 0x5000 {
				dark++
			}
			if r < 0x3000 && g > 0x5000 && g < 0x7000 && bl > 0x5000 {
				teal++
			}
			if r > 0xe000 && g < 0x2000 && bl > 0xe000 {
				pink++
			}
		}
	}
	if dark < 500 || teal < 200 {
		t.Fatalf("the page looks empty: %d dark pixels, %d chart pixels", dark, teal)
	}
	if pink < 2000 {
		t.Fatalf("the stills are not on the page: %d of their pixels", pink)
	}
}

// magenta is a small still that is easy to find on the rendered page.
func magenta(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 180))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 255, 0, 255, 255
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
