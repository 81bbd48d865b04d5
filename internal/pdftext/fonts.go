// Package pdftext puts text a family wrote onto an fpdf page as it should
// read: bidirectional text in its visual order (Unicode bidi), Arabic letters
// joined and marks placed by a HarfBuzz shaper (go-text/typesetting), and
// characters the main font lacks (emoji, CJK) taken from fallback fonts on
// the machine. What no font has is drawn as U+FFFD, never an error.
package pdftext

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/go-text/typesetting/font"
)

// FallbackFonts are the font files looked for, in order, for characters
// the main font lacks: colour emoji, then CJK. Debian packages:
// fonts-noto-color-emoji, fonts-noto-cjk or fonts-droid-fallback. A font
// that is missing is skipped: its characters are then drawn as U+FFFD.
var FallbackFonts = []string{
	"/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}

// parsed keeps each font file parsed once; a *font.Font is safe to share,
// its Faces are not.
var parsed sync.Map // key → []*font.Font

func parse(key string, load func() ([]byte, error)) []*font.Font {
	if v, ok := parsed.Load(key); ok {
		return v.([]*font.Font)
	}
	var fonts []*font.Font
	if b, err := load(); err == nil {
		faces, err := font.ParseTTC(bytes.NewReader(b))
		if err != nil {
			slog.Warn("pdftext: a font could not be read; it is left out", "font", key, "err", err)
		}
		for _, f := range faces {
			fonts = append(fonts, f.Font)
		}
	}
	v, _ := parsed.LoadOrStore(key, fonts)
	return v.([]*font.Font)
}

// fallbackFonts are the fallback fonts present on this machine.
func fallbackFonts() []*font.Font {
	var out []*font.Font
	for _, p := range FallbackFonts {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if fs := parse("file:"+p, func() ([]byte, error) { return os.ReadFile(p) }); len(fs) > 0 {
			out = append(out, fs[0]) // a collection's first face covers its script
		}
	}
	return out
}

// faceSet is one style's faces: the main font first, then the fallbacks.
// It is the shaper's font map.
type faceSet []*font.Face

func newFaceSet(main *font.Font, fallbacks []*font.Font) faceSet {
	fs := faceSet{font.NewFace(main)}
	for _, f := range fallbacks {
		fs = append(fs, font.NewFace(f))
	}
	return fs
}

// ResolveFace is the first face that has r, or the main one.
func (fs faceSet) ResolveFace(r rune) *font.Face {
	for _, f := range fs {
		if _, ok := f.NominalGlyph(r); ok {
			return f
		}
	}
	return fs[0]
}

// covers tells whether some face draws r.
func (fs faceSet) covers(r rune) bool {
	for _, f := range fs {
		if _, ok := f.NominalGlyph(r); ok {
			return true
		}
	}
	return false
}

// fontKey names embedded font bytes for the parse cache.
func fontKey(b []byte) string {
	if len(b) == 0 {
		return "empty"
	}
	return fmt.Sprintf("mem:%p:%d", &b[0], len(b))
}
