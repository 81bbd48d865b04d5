package browsertest

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// tab is one person's page in the browser, with steps that fail the test.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// run runs one action in a tab and returns its value, failing the test on error.
func run[T any](p *tab, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, a)
	if err != nil {
		p.t.Fatalf("%s (at %s): %v", what, p.pathNow(), err)
	}
	return v
}

// eval evaluates JavaScript in the page.
func eval[T any](p *tab, js string, opts ...chromedp.EvaluateOption) T {
	p.t.Helper()
	return run(p, "evaluate "+js, chromedp.Evaluate[T](js, opts...))
}

// open loads a path of attune and returns the HTTP status of the page.
func (p *tab) open(path string) int64 {
	p.t.Helper()
	resp := run(p, "open "+path, chromedp.NavigateResponse(p.base+path))
	return resp.Status
}

// press clicks what the CSS selector finds, waits for the page it leads to
// and returns that page's HTTP status.
func (p *tab) press(sel string) int64 {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("press %s (at %s): %v", sel, p.pathNow(), err)
	}
	return resp.Status
}

// fill sets a form field's value (an input, select or textarea).
func (p *tab) fill(sel, value string) {
	p.t.Helper()
	run(p, "fill "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
}

// text is the visible text of the first element the selector finds.
func (p *tab) text(sel string) string {
	p.t.Helper()
	return run(p, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// count is how many elements the selector finds.
func (p *tab) count(sel string) int {
	p.t.Helper()
	return eval[int](p, "document.querySelectorAll("+jsString(sel)+").length")
}

// path is the path of the page shown now.
func (p *tab) path() string {
	p.t.Helper()
	u, err := url.Parse(run(p, "read the location", chromedp.Location()))
	if err != nil {
		p.t.Fatal(err)
	}
	return u.Path
}

// pathNow is path for error messages: it never fails.
func (p *tab) pathNow() string {
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(loc, p.base)
}

// wantPath fails unless the page shown now is at path.
func (p *tab) wantPath(path string) {
	p.t.Helper()
	if got := p.path(); got != path {
		p.t.Fatalf("at %s, want %s; page says: %.300s", got, path, p.text("main"))
	}
}

// wantText fails unless the element's text holds every one of want.
func (p *tab) wantText(sel string, want ...string) {
	p.t.Helper()
	got := p.text(sel)
	for _, w := range want {
		if !strings.Contains(got, w) {
			p.t.Errorf("%s at %s: want %q in %q", sel, p.path(), w, got)
		}
	}
}

// status fetches a URL with the page's cookies and returns its HTTP status,
// as a script on the page would see it.
func (p *tab) status(path string) int {
	p.t.Helper()
	js := "fetch(" + jsString(path) + ", {credentials: 'same-origin', redirect: 'manual'}).then(r => r.status)"
	return eval[int](p, js, chromedp.EvalAwaitPromise)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "<", `\x3c`)
	return "'" + r.Replace(s) + "'"
}
