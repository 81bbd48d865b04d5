package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// viewports are the widths every page is looked at: laptop, tablet, phone.
var viewports = []struct{ w, h int64 }{{1280, 800}, {768, 1024}, {360, 740}}

// screenshotDir is $ATTUNE_ARTIFACTS/screenshots, or .artifacts/screenshots
// at the root of the repository.
func screenshotDir(t *testing.T) string {
	t.Helper()
	root := os.Getenv("ATTUNE_ARTIFACTS")
	if root == "" {
		root = filepath.Join(repoRoot(t), ".artifacts")
	}
	dir := filepath.Join(root, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// repoRoot is the nearest directory above this package with a go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = up
	}
}

// look checks the page shown now at every viewport: a full-page screenshot
// named name-width.png, axe-core, and no sideways scrolling on a phone.
func (p *tab) look(dir, name string) {
	p.t.Helper()
	for _, v := range viewports {
		run(p, "resize", chromedp.EmulateViewport(v.w, v.h))
		png := run(p, "screenshot "+name, chromedp.FullScreenshot(100))
		file := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, v.w))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			p.t.Fatal(err)
		}
		p.checkAxe(fmt.Sprintf("%s at %d px", name, v.w))
		if v.w <= 360 {
			p.wantNoSidewaysScroll(name)
		}
	}
}

// wantNoSidewaysScroll fails when the page is wider than the screen, naming
// the elements that stick out.
func (p *tab) wantNoSidewaysScroll(name string) {
	p.t.Helper()
	type size struct {
		Scroll int      `json:"scroll"`
		Inner  int      `json:"inner"`
		Wide   []string `json:"wide"`
	}
	s := eval[size](p, `({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
	  wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
	    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))})`)
	if s.Scroll > s.Inner {
		p.t.Errorf("%s at %d px scrolls sideways: the page is %d px wide; too wide: %q", name, s.Inner, s.Scroll, s.Wide)
	}
}
