package lifecycle_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

// page is one page of a rendered letter: its text as pdftotext reads it
// and its picture as pdftoppm draws it.
type page struct {
	text string
	img  image.Image
}

func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
				t.Fatal(tool + " is needed to look at the letter: apt-get install poppler-utils (make test installs it)")
			}
			t.Skip(tool + " not installed (apt-get install poppler-utils)")
		}
	}
}

// pages reads a letter with pdftotext and draws each page with pdftoppm
// at dpi, keeping the pictures under ATTUNE_ARTIFACTS as name-N.png.
func pages(t *testing.T, pdf []byte, dpi int, name string) []page {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "letter.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if art := os.Getenv("ATTUNE_ARTIFACTS"); art != "" {
		os.WriteFile(filepath.Join(art, name+".pdf"), pdf, 0o644)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	texts := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	if b, err := exec.Command("pdftoppm", "-png", "-r", fmt.Sprint(dpi), in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pngs) != len(texts) {
		t.Fatalf("%d pictures for %d pages of text", len(pngs), len(texts))
	}
	var ps []page
	for i, p := range pngs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if art := os.Getenv("ATTUNE_ARTIFACTS"); art != "" {
			os.WriteFile(filepath.Join(art, fmt.Sprintf("%s-%d.png", name, i+1)), b, 0o644)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, page{text: readable(texts[i]), img: img})
	}
	return ps
}

// readable is pdftotext's text with its direction marks as spaces and its
// lines joined by single spaces.
func readable(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E {
			return ' ' // a mark stands where directions change: between words
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// count is how many pixels of the page match.
func count(img image.Image, match func(r, g, b uint32) bool) int {
	n := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if match(r, g, b) {
				n++
			}
		}
	}
	return n
}

func isMagenta(r, g, b uint32) bool { return r > 0xe000 && g < 0x2000 && b > 0xe000 }
func isDark(r, g, b uint32) bool    { return r < 0x5000 && g < 0x5000 && b < 0x5000 }
func isTeal(r, g, b uint32) bool    { return r < 0x3000 && g > 0x5000 && g < 0x7000 && b > 0x5000 }

// isColour is a saturated pixel that is neither the chart's teal nor the
// stills' magenta: a colour emoji.
func isColour(r, g, b uint32) bool {
	hi, lo := max(r, g, b), min(r, g, b)
	return hi-lo > 0x6000 && !isMagenta(r, g, b) && !isTeal(r, g, b) && !(r > 0xa000 && g < 0x6000 && b < 0x3000)
}

func letterContent(t *testing.T) lifecycle.LetterContent {
	return lifecycle.LetterContent{
		Case: &domain.Case{OwnerName: "Ann Guide", Participants: []domain.Participant{
			{Role: "adult", Name: "Zoë Ångström"}, {Role: "adult", Name: "Αλέξης"}, {Role: "child", Name: "Дмитрий"}}},
		Goals: []*domain.Goal{{HelpingQuestion: "How can I help Дмитрий feel safe when we are apart?", Hoped: 8, Ratings: []domain.Rating{
			{Value: 2, Point: domain.PointFirstMeeting}, {Value: 5, Point: domain.PointCycle, Cycle: 1}, {Value: 7, Point: domain.PointEnding}}}},
		Cycles: []*domain.Cycle{{Number: 1, Status: domain.CycleReviewed, ParentWords: "What he was watching. He comes to me and shows me his drawing.",
			NextSteps: "Wait before I help"}},
		Notes: map[string]*domain.Note{
			domain.NoteLetter:             {Body: "Dear both, it was a pleasure to work with you 😀👍🏽 since November."},
			domain.NoteEndingChild:        {Body: "הוא רגוע יותר ומחייך אלינו"},
			domain.NoteEndingRelationship: {Body: "نحن نلعب معا كل يوم"},
			domain.NoteFuture:             {Body: "Keep our 10 minutes of play: 我们一起玩"},
		},
		Stills: []lifecycle.LetterStill{{PNG: magenta(t), Caption: "You waited, and he showed you the block"},
			{PNG: magenta(t), Caption: "Дмитрий smiles back"}},
	}
}

// TestClosingLetter typesets a letter with every ending answer in
// Hebrew, Arabic, emoji and CJK, reads it back with pdftotext and looks at
// its pages: each answer under its heading, one greeting, the words in
// reading order, the glyphs drawn, the stills with their captions.
func TestClosingLetter(t *testing.T) {
	needPoppler(t)
	pdf, err := lifecycle.RenderLetter(letterContent(t))
	if err != nil {
		t.Fatalf("letter: %v", err)
	}
	ps := pages(t, pdf, 100, "closing-letter")
	var all string
	for _, p := range ps {
		all += p.text + " "
	}
	inOrder := []string{
		"Our work together", "Dear both, it was a pleasure to work with you", "since November.",
		"Your goals", "How can I help Дмитрий feel safe when we are apart?",
		"Дмитрий now, in your words", "הוא רגוע יותר ומחייך אלינו",
		"Your relationship now, in your words", "نحن نلعب معا كل يوم",
		"What you said in the reviews", "Cycle 1", "What he was watching. He comes to me and shows me his drawing.",
		"What you wanted to try next: Wait before I help",
		"Moments from your recordings", "You waited, and he showed you the block", "Дмитрий smiles back",
		"Ideas for the future", "Keep our 10 minutes of play: 我们一起玩",
		"With warm wishes,", "Ann Guide",
	}
	at := 0
	for _, want := range inOrder {
		i := strings.Index(all[at:], want)
		if i < 0 {
			t.Errorf("the letter doesn't say %q after what came before; it reads:\n%s", want, all)
			continue
		}
		at += i + len(want)
	}
	for _, not := range []string{"Dear Zoë", "What changed, in your own words", "watching.:"} {
		if strings.Contains(all, not) {
			t.Errorf("the letter says %q", not)
		}
	}
	if dark, teal := count(ps[0].img, isDark), count(ps[0].img, isTeal); dark < 500 || teal < 200 {
		t.Errorf("the first page looks empty: %d dark pixels, %d chart pixels", dark, teal)
	}
	colour := 0
	for _, p := range ps {
		colour += count(p.img, isColour)
	}
	_, err = os.Stat("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
	if colour < 20 && (err == nil || os.Getenv("CI") != "") {
		t.Errorf("the emoji are not drawn in colour: %d pixels", colour)
	}
}

// TestLetterStillsStayWithCaptions grows the letter a line at a time so
// that the stills fall at every place on a page, and checks each time that
// the heading, both stills and their captions are on one page.
func TestLetterStillsStayWithCaptions(t *testing.T) {
	needPoppler(t)
	for extra := 0; extra < 40; extra += 3 {
		lc := letterContent(t)
		lc.Notes[domain.NoteLetter] = &domain.Note{Body: "Dear both," + strings.Repeat("\nWe looked at the moments together.", extra)}
		pdf, err := lifecycle.RenderLetter(lc)
		if err != nil {
			t.Fatal(err)
		}
		ps := pages(t, pdf, 20, fmt.Sprintf("letter-stills-%02d", extra))
		for i, p := range ps {
			pink := count(p.img, isMagenta)
			head := strings.Contains(p.text, "Moments from your recordings")
			caps := strings.Contains(p.text, "You waited, and he showed you the block") && strings.Contains(p.text, "Дмитрий smiles back")
			if head != caps || (pink > 0) != caps {
				t.Errorf("%d extra lines, page %d: heading %v, captions %v, %d still pixels", extra, i+1, head, caps, pink)
			}
		}
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

// Letters for several families are typeset at once: the fonts are shared,
// each letter has its own shaper.
func TestLettersAtOnce(t *testing.T) {
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := lifecycle.RenderLetter(letterContent(t))
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
