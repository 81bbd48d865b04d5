package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

// emptyCodeRows is how many blank rows the edit form offers for new codes.
const emptyCodeRows = 3

// registerSchemes adds the administrator's pages for the coding schemes.
func (ui *UI) registerSchemes(s *server.Server) {
	s.Handle("GET /admin/schemes", server.Admin, ui.schemeList)
	s.Handle("GET /admin/schemes/new", server.Admin, ui.newSchemeForm)
	s.Handle("POST /admin/schemes", server.Admin, ui.createScheme)
	s.Handle("GET /admin/schemes/{id}", server.Admin, ui.editSchemeForm)
	s.Handle("POST /admin/schemes/{id}", server.Admin, ui.updateScheme)
}

func (ui *UI) schemeList(w http.ResponseWriter, r *http.Request) {
	list, err := ui.Analysis.Schemes(r.Context())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "schemes", View{Title: "Coding schemes", Nav: "schemes", Data: list})
}

func (ui *UI) newSchemeForm(w http.ResponseWriter, r *http.Request) {
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}}
	ui.render(w, r, http.StatusOK, "scheme_new", View{Title: "Add a coding scheme", Nav: "schemes", Data: f})
}

// starterCode is the one code a new scheme starts with (a scheme needs at
// least one); the administrator renames it on the edit page.
var starterCode = domain.Code{Code: "first-code", Label: "First code", Colour: "#1f5fa8", Key: "1"}

func (ui *UI) createScheme(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "name")
	sc, err := ui.Analysis.CreateScheme(r.Context(), server.IdentityOf(r).Actor(), f.Get("name"), []domain.Code{starterCode})
	if err != nil {
		f.Fail(err)
		ui.render(w, r, server.Status(err), "scheme_new", View{Title: "Add a coding scheme", Nav: "schemes", Data: f})
		return
	}
	redirect(w, r, "/admin/schemes/"+sc.ID, "Scheme added with one code to start from. Rename it and add the others.")
}

func (ui *UI) editSchemeForm(w http.ResponseWriter, r *http.Request) {
	sc, err := ui.Analysis.Scheme(r.Context(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := schemeView{Form: &Form{Values: map[string]string{"name": sc.Name}, Errors: map[string]string{}},
		Scheme: sc, Version: sc.Version, Rows: rowsOf(sc.Codes)}
	ui.render(w, r, http.StatusOK, "scheme_form", View{Title: sc.Name, Nav: "schemes", Data: v})
}

func (ui *UI) updateScheme(w http.ResponseWriter, r *http.Request) {
	sc, err := ui.Analysis.Scheme(r.Context(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	f := newForm(r, "name")
	rows := postedRows(r)
	v := schemeView{Form: f, Scheme: sc, Rows: rows}
	var version *int // the version the form was made from, when it says
	if n, err := strconv.Atoi(r.PostFormValue("version")); err == nil {
		v.Version, version = n, &n
	}
	codes, err := codesOf(rows)
	if err == nil {
		_, err = ui.Analysis.UpdateScheme(r.Context(), server.IdentityOf(r).Actor(), sc.ID, f.Get("name"), codes, version)
	}
	if err != nil {
		f.Fail(err)
		v.Rows = append(v.Rows, blankCodeRows(len(v.Rows))...)
		ui.render(w, r, server.Status(err), "scheme_form", View{Title: sc.Name, Nav: "schemes", Data: v})
		return
	}
	redirect(w, r, "/admin/schemes/"+sc.ID, "Coding scheme saved.")
}

// schemeView is the edit form: the scheme, and one row per code typed.
type schemeView struct {
	*Form
	Scheme  *domain.Scheme
	Version int
	Rows    []codeRow
}

// codeRow is one code as the form shows it.
type codeRow struct {
	Index   int
	Code    string
	Label   string
	Colour  string
	Key     string
	Subs    string // one sub-code a line, see subLines
	Retired bool
}

// Blank says whether the row is one of the empty ones for a new code.
func (c codeRow) Blank() bool { return c.Code == "" && c.Label == "" && c.Subs == "" }

func rowsOf(codes []domain.Code) []codeRow {
	var rows []codeRow
	for i, c := range codes {
		rows = append(rows, codeRow{Index: i, Code: c.Code, Label: c.Label, Colour: c.Colour, Key: c.Key,
			Subs: subLines(c), Retired: c.Retired})
	}
	return append(rows, blankCodeRows(len(rows))...)
}

func blankCodeRows(from int) []codeRow {
	var rows []codeRow
	for i := range emptyCodeRows {
		rows = append(rows, codeRow{Index: from + i, Colour: "#1f5fa8"})
	}
	return rows
}

func postedRows(r *http.Request) []codeRow {
	n, _ := strconv.Atoi(r.PostFormValue("rows"))
	var rows []codeRow
	for i := range min(n, 200) {
		get := func(k string) string { return strings.TrimSpace(r.PostFormValue(fmt.Sprintf("c%d_%s", i, k))) }
		c := codeRow{Index: len(rows), Code: get("code"), Label: get("label"), Colour: get("colour"),
			Key: get("key"), Subs: get("subs"), Retired: get("retired") == "on"}
		if !c.Blank() {
			rows = append(rows, c)
		}
	}
	return rows
}
