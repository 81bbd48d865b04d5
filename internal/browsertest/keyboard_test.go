package browsertest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focused describes the element that has focus: what it is, where it is and
// whether its focus can be seen.
type focused struct {
	Key     string  `json:"key"` // tag#id or tag "text", to compare and report
	Top     float64 `json:"top"`
	Left    float64 `json:"left"`
	Visible bool    `json:"visible"` // on screen, with an outline or a shadow
	Style   string  `json:"style"`
}

const describeJS = `(e => {
  const key = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : e.name ? '[name=' + e.name + ']' : ' "' + e.textContent.trim().slice(0, 30) + '"');
  if (!e || e === document.body) return {key: 'body', top: 0, left: 0, visible: false, style: ''};
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow !== 'none';
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth;
  return {key: key(e), top: r.top + scrollY, left: r.left + scrollX, visible: onScreen && (outline || shadow),
    style: 'outline: ' + s.outlineStyle + ' ' + s.outlineWidth + '; box-shadow: ' + s.boxShadow};
})`

// focusables lists what the keyboard should reach on the page, in order.
const focusablesJS = `[...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
  .filter(e => !e.disabled && getComputedStyle(e).visibility !== 'hidden' && e.getClientRects().length > 0).map(` + describeJS + `)`

// tabThrough presses Tab until focus leaves the page and returns each
// element that had focus, once. It fails the test when one of them shows no
// focus, or when focus jumps back up the page.
func (p *tab) tabThrough(page string) []string {
	p.t.Helper()
	run(p, "reset focus", chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))
	var keys []string
	var last focused
	for range 80 {
		run(p, "press Tab", chromedp.KeyEvent(kb.Tab))
		f := eval[focused](p, describeJS+"(document.activeElement)")
		if f.Key == "body" || (len(keys) > 0 && f.Key == keys[0]) {
			return keys
		}
		if f.Key == last.Key { // the parts of a date field
			continue
		}
		if !f.Visible {
			p.t.Errorf("%s: %s has focus but it can't be seen (%s)", page, f.Key, f.Style)
		}
		if len(keys) > 0 && f.Top < last.Top-8 {
			p.t.Errorf("%s: focus jumps up the page from %s to %s", page, last.Key, f.Key)
		}
		keys, last = append(keys, f.Key), f
	}
	p.t.Fatalf("%s: focus never left the page after 80 Tabs: %q", page, keys)
	return nil
}

// wantTabOrder checks Tab reaches every focusable element in page order,
// and that the order starts with want.
func (p *tab) wantTabOrder(page string, want ...string) {
	p.t.Helper()
	got := p.tabThrough(page)
	var all []string
	for _, f := range eval[[]focused](p, focusablesJS) {
		all = append(all, f.Key)
	}
	p.t.Logf("%s: Tab order %q", page, got)
	if !slices.Equal(got, all) {
		p.t.Errorf("%s: Tab reaches\n  %q\nbut the page has, in order,\n  %q", page, got, all)
	}
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		p.t.Errorf("%s: Tab order starts %q, want %q", page, got, want)
	}
}

// typeKeys types into the focused element.
func (p *tab) typeKeys(s string) {
	p.t.Helper()
	run(p, "type", chromedp.KeyEvent(s))
}

// TestKeyboardOnly signs in and opens the new-case form with the keyboard
// alone: Tab reaches every control in order, each shows its focus, and Enter
// submits.
func TestKeyboardOnly(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	_, secret := in.User(t, "kit@example.org", domain.RolePractitioner, true)
	p := newBrowser(t, in.URL).person(t)

	p.open("/login")
	p.wantTabOrder("login", `a "Skip to content"`, `a "attune"`, "input#f-email", "input#f-password", `button "Sign in"`)
	run(p, "focus e-mail", chromedp.Focus(chromedp.ID("f-email")))
	p.typeKeys("kit@example.org" + kb.Tab + apptest.Password)
	if resp, err := chromedp.RunResponse(p.ctx, chromedp.KeyEvent(kb.Enter)); err != nil || resp.Status != 200 {
		t.Fatalf("Enter on the login form: %v, %v", resp, err)
	}
	p.wantPath("/login/verify")
	if got := eval[string](p, "document.activeElement.id"); got != "f-code" {
		t.Errorf("focus on the verify page is on %q, want the code field", got)
	}
	p.typeKeys(totp(t, secret, time.Now()))
	if _, err := chromedp.RunResponse(p.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	p.wantPath("/")

	p.open("/cases/new")
	want := []string{`a "Skip to content"`, `a "attune"`, `a "Caseload"`, `a "Supervision"`, `a "Kit · Practitioner"`, `button "Sign out"`, `a "Back"`, "input#f-reference", "textarea#f-focus"}
	for i := range 5 {
		for _, f := range []string{"select#f-participants[%d].role", "input#f-participants[%d].name", "input#f-participants[%d].relation", "input#f-participants[%d].birth_date"} {
			want = append(want, fmt.Sprintf(f, i))
		}
	}
	want = append(want, "input#f-initials_only", `button "Open the case"`)
	p.wantTabOrder("new case", want...)
}
