package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/server"
)

// The family's side: the parent's portal (family_portal.go), their sign-in
// without a password (family_signin.go), the guider's invitations
// (family_staff.go), the Resources page and its administration
// (family_resources.go). Every family page speaks through the catalogue.
func (ui *UI) registerFamily(s *server.Server) {
	ui.registerFamilySignIn(s)
	ui.registerFamilyPortal(s)
	ui.registerFamilyStaff(s)
	ui.registerResources(s)
	staffDenied := s.Denied
	s.Denied = func(w http.ResponseWriter, r *http.Request, id *server.Identity, status int) {
		if strings.HasPrefix(r.URL.Path, "/family") && id.User == nil && r.Method == http.MethodGet {
			http.Redirect(w, r, "/family/signin", http.StatusSeeOther)
			return
		}
		staffDenied(w, r, id, status)
	}
}

// fView is what every family page template receives in View.Data.
type fView struct {
	L      *fLang
	Langs  []langOpt
	Signed bool   // a parent is signed in (shows the menu)
	Back   string // where the language form returns to
	Form   *Form
	Body   any
}

// parent is the signed-in parent of a request on a Family route.
func (ui *UI) parent(r *http.Request) *family.Parent {
	id := server.IdentityOf(r)
	return &family.Parent{Member: id.Parent, Session: id.Family, IP: id.IP}
}

// fview starts a family page's data in the parent's (or browser's) language.
func (ui *UI) fview(r *http.Request, body any) *fView {
	p := server.IdentityOf(r)
	var want []string
	if p.Family != nil {
		want = append(want, p.Family.Lang)
	}
	l, opts := ui.lang(r, want...)
	if p.Family != nil && p.Parent != nil && p.User == nil && l.Code != "en" { // English has no forms
		l.Form = ui.Family.Form(r.Context(), &family.Parent{Member: p.Parent, Session: p.Family, IP: p.IP})
	}
	return &fView{L: l, Langs: opts, Signed: p.Family != nil && p.User == nil, Back: r.URL.Path,
		Form: &Form{Values: map[string]string{}, Errors: map[string]string{}}, Body: body}
}

// renderF writes a family page in its own plain layout.
func (ui *UI) renderF(w http.ResponseWriter, r *http.Request, status int, name, titleKey string, v *fView) {
	var buf bytes.Buffer
	if err := ui.pages[name].t.ExecuteTemplate(&buf, "f-layout", View{Title: v.L.T(titleKey), Data: v}); err != nil {
		server.LogError(r, err)
		http.Error(w, v.L.T("f.err.other"), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// familyErrKeys say the family's errors in their language.
var familyErrKeys = map[*domain.Error]string{
	family.ErrLinkGone: "f.err.link", family.ErrBadCode: "f.err.code", family.ErrTooFast: "f.err.toomany",
	family.ErrLocked: "f.err.locked", family.ErrCodesVoid: "f.err.void", family.ErrCodeForm: "f.err.codeform",
	family.ErrEmailForm: "f.err.email", family.ErrPINForm: "f.err.pinform", family.ErrPINEasy: "f.err.pineasy",
	family.ErrCodeUsed: "f.err.codeused", family.ErrCodeOld: "f.err.codeold", family.ErrAskedOften: "f.err.asked",
	family.ErrPINAgain: "f.err.pinagain", family.ErrBadPIN: "f.err.pin", family.ErrPINLocked: "f.err.pinlocked",
}

// fail puts a family error on the form, in the page's language.
func (v *fView) fail(r *http.Request, err error) {
	var e *domain.Error
	key := "f.err.other"
	if errors.As(err, &e) {
		if k, ok := familyErrKeys[e]; ok {
			key = k
		} else if e.Code == domain.ENOTFOUND {
			key = "f.err.gone"
		} else if e.Code == domain.EFORBIDDEN {
			key = "f.err.download"
		} else if e.Field == "note" {
			key = "f.err.note"
		}
	} else {
		server.LogError(r, err)
	}
	if e != nil && e.Field != "" {
		v.Form.Fail(domain.FieldError(e.Field, "%s", v.L.T(key)))
		return
	}
	v.Form.Message = v.L.T(key)
}

// familyProblem shows a family error alone on a page.
func (ui *UI) familyProblem(w http.ResponseWriter, r *http.Request, err error) {
	v := ui.fview(r, nil)
	v.fail(r, err)
	ui.renderF(w, r, server.Status(err), "family_message", "f.err.title", v)
}
