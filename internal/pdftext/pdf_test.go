package pdftext_test

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/pdftext"
)

// TestOnThePage sets each kind of text alone on a page, reads the page
// back with pdftotext and looks at its picture from pdftoppm: the words
// come back as written (pdftotext's own order for mixed directions: it
// keeps each right-to-left word in reading order but the words around a
// number as seen), and ink is on the side the text starts from.
func TestOnThePage(t *testing.T) {
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal(tool + " is needed: apt-get install poppler-utils")
			}
			t.Skip(tool + " not installed (apt-get install poppler-utils)")
		}
	}
	cases := []struct {
		name, in, text string
		right          bool // set flush right
		needs          func() bool
	}{
		{name: "latin", in: "Zoë waited, café.", text: "Zoë waited, café."},
		{name: "hebrew", in: "שלום עולם", text: "שלום עולם", right: true},
		{name: "arabic", in: "مرحبا بالعالم", text: "مرحبا بالعالم", right: true},
		{name: "hebrew with a number", in: "אני בן 5 ושמי דני", text: "אני בן 5 ושמי דני", right: true},
		{name: "arabic with a number", in: "نحن 3 أطفال", text: "نحن 3 أطفال", right: true},
		{name: "hebrew and a number inside english", in: "Hello שלום 123 עולם end", text: "Hello עולם 123 שלום end"},
		{name: "emoji", in: "Great 👍🏽 😀 ❤ job", text: "Great ❤ job"},
		{name: "cjk", in: "我们一起玩 とても楽しい", text: "我们一起玩 とても楽しい", needs: haveCJKFont},
		{name: "a character no font has", in: "x\U0010FFFDy", text: "x\uFFFDy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.needs != nil && !c.needs() {
				t.Skip("no CJK font on this machine (apt-get install fonts-droid-fallback)")
			}
			pdf, w := writer(t)
			pdf.SetY(30)
			w.Paragraph(20, 170, c.in, pdftext.Style{Size: 14, Leading: 8})
			var buf bytes.Buffer
			if err := pdf.Output(&buf); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			in := filepath.Join(dir, "page.pdf")
			os.WriteFile(in, buf.Bytes(), 0o600)
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if got := readable(string(out)); got != c.text {
				t.Errorf("pdftotext reads %q, want %q", got, c.text)
			}
			if b, err := exec.Command("pdftoppm", "-png", "-r", "72", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v %s", err, b)
			}
			b, _ := os.ReadFile(filepath.Join(dir, "page.png"))
			if art := os.Getenv("ATTUNE_ARTIFACTS"); art != "" {
				os.WriteFile(filepath.Join(art, "pdftext-"+strings.ReplaceAll(c.name, " ", "-")+".png"), b, 0o644)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			// Ink in the line's band, and where it is across the page.
			ink, left, right := 0, img.Bounds().Dx(), 0
			for y := 30 * 72 / 25; y < 40*72/25; y++ {
				for x := 0; x < img.Bounds().Dx(); x++ {
					r, g, bl, _ := img.At(x, y).RGBA()
					if r < 0xc000 || g < 0xc000 || bl < 0xc000 {
						ink++
						left, right = min(left, x), max(right, x)
					}
				}
			}
			if ink < 40 {
				t.Fatalf("nothing drawn on the line: %d pixels", ink)
			}
			mid := img.Bounds().Dx() / 2
			if c.right && (right < img.Bounds().Dx()-20*72/25-4 || left < mid) {
				t.Errorf("right-to-left text drawn from %d to %d px, want it flush right", left, right)
			}
			if !c.right && left > 20*72/25+4 {
				t.Errorf("left-to-right text starts at %d px, want it at the left margin", left)
			}
		})
	}
}

// readable is pdftotext's text with its direction marks as spaces, its lines
// joined by single spaces.
func readable(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E {
			return ' ' // a mark stands where directions change: between words
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
