package browsertest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

type apiScheme struct {
	ID    string        `json:"id"`
	Name  string        `json:"name"`
	Codes []domain.Code `json:"codes"`
}

// TestSchemeEditor: an administrator renames a code of the default scheme
// and changes its colour, sees it saved (on the page and in the API the
// workspace reads), is told clearly what is wrong with a code without a
// label, and adds a scheme; every page passes axe.
func TestSchemeEditor(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	in.User(t, "ada@example.org", domain.RoleAdmin, false)
	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("ada@example.org")
	dir := screenshotDir(t)

	p.open("/admin/users")
	p.press(`nav a[href="/admin/schemes"]`)
	p.wantPath("/admin/schemes")
	p.lookWideAndNarrow(dir, "admin-schemes")
	p.press(`a[href="/admin/schemes/` + domain.DefaultSchemeID + `"]`)
	p.wantPath("/admin/schemes/" + domain.DefaultSchemeID)
	p.lookWideAndNarrow(dir, "admin-scheme")

	code := eval[string](p, `document.getElementById('c0-code').value`)
	p.fill("#c0-label", "Noticing the child")
	p.fill("#c0-colour", "#aa3300")
	if st := p.press(`form.scheme-form button[type="submit"]`); st != http.StatusOK {
		t.Fatalf("saving the scheme: status %d; page says %.300s", st, p.text("main"))
	}
	p.wantPath("/admin/schemes/" + domain.DefaultSchemeID)
	p.wantText("main", "Coding scheme saved.")
	if l, c := eval[string](p, `document.getElementById('c0-label').value`), eval[string](p, `document.getElementById('c0-colour').value`); l != "Noticing the child" || c != "#aa3300" {
		t.Errorf("after saving, the form shows label %q colour %q, want \"Noticing the child\" #aa3300", l, c)
	}
	sc := apiJSON[apiScheme](p, "/api/v1/schemes/"+domain.DefaultSchemeID)
	if len(sc.Codes) == 0 || sc.Codes[0].Code != code || sc.Codes[0].Label != "Noticing the child" || sc.Codes[0].Colour != "#aa3300" {
		t.Errorf("the API has first code %+v, want %s labelled \"Noticing the child\" in #aa3300", sc.Codes[:min(1, len(sc.Codes))], code)
	}

	// A code without a label: the summary and the field both say what to do.
	eval[string](p, `document.getElementById('c0-label').value = ''`)
	if st := p.press(`form.scheme-form button[type="submit"]`); st != http.StatusBadRequest {
		t.Errorf("saving a code without a label: status %d, want 400", st)
	}
	p.wantText(".error-summary", "needs a label")
	p.wantText("#e-codes", "needs a label")
	p.lookWideAndNarrow(dir, "admin-scheme-errors")

	// A new scheme starts with one code, to be renamed.
	p.open("/admin/schemes/new")
	p.lookWideAndNarrow(dir, "admin-scheme-new")
	p.fill("#f-name", "Short form")
	p.press(`form[action="/admin/schemes"] button[type="submit"]`)
	p.wantText("main", "Scheme added")
	if !strings.HasPrefix(p.path(), "/admin/schemes/") {
		t.Errorf("after adding a scheme, at %s", p.path())
	}
	p.open("/admin/schemes")
	p.wantText("table", "Short form", "Principles of attuned interaction")
}

// lookWideAndNarrow takes the page at a laptop's and a phone's width: a screenshot of
// each, axe-core, and no sideways scrolling on the phone.
func (p *tab) lookWideAndNarrow(dir, name string) {
	p.t.Helper()
	for _, v := range []struct{ w, h int64 }{{1280, 800}, {360, 740}} {
		p.shootAt(dir, name, v.w, v.h)
		p.checkAxe(fmt.Sprintf("%s at %d px", name, v.w))
	}
	p.wantNoSidewaysScroll(name)
}
