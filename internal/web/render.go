package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

type page struct{ t *template.Template }

var funcs = template.FuncMap{
	"date":     func(t time.Time) string { return t.Local().Format("Monday 2 January 2006") },
	"datetime": func(t time.Time) string { return t.Local().Format("Monday 2 January 2006, 15:04") },
	"display":  casework.DisplayName,
	"next":     casework.NextStep,
	"age":      func(birth string) string { return casework.AgeText(birth, time.Now()) },
	"canEdit":  casework.CanEdit,
	"clock":    clock,
	"isOwner":  casework.IsOwner,
	"field":    func(f *Form, name string) string { return f.Error(name) },
	"add":      func(a, b int) int { return a + b },
	"lower":    strings.ToLower,
	"score":    score,
}

// parsePages parses each page template together with the layout.
func parsePages() (map[string]*page, error) {
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*page{}
	for _, n := range names {
		base := path.Base(n)
		t, err := template.New(base).Funcs(funcs).ParseFS(files, "templates/*.tmpl", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		out[strings.TrimSuffix(base, ".html")] = &page{t: t}
	}
	return out, nil
}

// View is what every page template receives.
type View struct {
	Title string
	User  *domain.User
	Flash string
	Nav   string
	Data  any
	// Problem is why the action the person just tried was refused, shown
	// above the page they came from.
	Problem string
}

// render writes a page: to a buffer first, so a template error never sends
// half a page.
func (ui *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, v View) {
	p, ok := ui.pages[name]
	if !ok {
		panic("no page template " + name)
	}
	id := server.IdentityOf(r)
	if v.User == nil && id.Session != nil && id.Session.MFAPassed {
		v.User = id.User
	}
	if v.Flash == "" {
		v.Flash = takeFlash(w, r)
	}
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, "layout", v); err != nil {
		server.LogError(r, err)
		http.Error(w, "Something went wrong showing this page. Please try again.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail shows an error page with the message a person can act on.
func (ui *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := server.Status(err)
	if status == http.StatusInternalServerError {
		server.LogError(r, err)
	}
	ui.render(w, r, status, "error", View{Title: http.StatusText(status), Data: errorView{domain.ErrorMessage(err), caseBack(r)}})
}

// errorView is the error page: the message and the way back.
type errorView struct {
	Message string
	Back    string // the case the request was about, or "" for the start page
}

// caseBack is the case page a request under /cases/{id} came from.
func caseBack(r *http.Request) string {
	if id := r.PathValue("id"); id != "" && strings.HasPrefix(r.URL.Path, "/cases/"+id) {
		return "/cases/" + url.PathEscape(id)
	}
	return ""
}

// denied answers a request the route's policy refused.
func (ui *UI) denied(w http.ResponseWriter, r *http.Request, id *server.Identity, status int) {
	if id.User != nil && id.Session != nil && !id.Session.MFAPassed {
		http.Redirect(w, r, pendingStep(id), http.StatusSeeOther)
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	msg := "Your account's role can't open this page. If you need it, ask your administrator."
	if status == http.StatusUnauthorized {
		msg = "You have been signed out. Sign in again to continue."
	}
	ui.render(w, r, status, "error", View{Title: http.StatusText(status), Data: errorView{Message: msg}})
}

// redirect sends the browser on with a one-line message for the next page.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		setFlash(w, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// clock writes a duration in milliseconds as m:ss or h:mm:ss.
func clock(ms int64) string {
	s := ms / 1000
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
