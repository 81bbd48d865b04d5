package web

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/breakglass"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) registerBreakGlass(s *server.Server) {
	s.Handle("GET /admin/break-glass", server.Admin, ui.breakGlassPage)
	s.Handle("POST /admin/break-glass", server.Admin, ui.openBreakGlass)
	s.Handle("GET /admin/break-glass/{id}", server.Admin, ui.showGrant)
	s.Handle("POST /admin/break-glass/{id}/end", server.Admin, ui.endGrant)
	s.Handle("POST /admin/break-glass/{id}/review", server.Admin, ui.reviewGrant)
}

type breakGlassView struct {
	Form   *Form
	Grants []*domain.BreakGlass
}

func (ui *UI) breakGlassPage(w http.ResponseWriter, r *http.Request) {
	ui.showBreakGlass(w, r, http.StatusOK, emptyForm())
}

func (ui *UI) showBreakGlass(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	grants, err := ui.BreakGlass.Grants(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, status, "dp_breakglass", View{Title: "Emergency access", Nav: "data-protection", Data: breakGlassView{Form: f, Grants: grants}})
}

func (ui *UI) openBreakGlass(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "case", "reason", "password", "code")
	g, err := ui.BreakGlass.Open(r.Context(), server.IdentityOf(r).Actor(),
		breakglass.Request{CaseID: f.Get("case"), Reason: f.Get("reason"), Password: f.Get("password"), Code: f.Get("code")})
	if err != nil {
		f.Values["password"], f.Values["code"] = "", ""
		f.Fail(err)
		ui.showBreakGlass(w, r, server.Status(err), f)
		return
	}
	redirect(w, r, "/admin/break-glass/"+g.ID, "Emergency access granted until "+g.ExpiresAt.Local().Format("15:04")+". The practitioner and the data-protection contact have been told.")
}

// grantView is one grant, with the case while the grant is in force.
type grantView struct {
	Review *breakglass.Review
	Case   *domain.Case
	Mine   bool
	Active bool
}

func (ui *UI) showGrant(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	rv, err := ui.BreakGlass.Grant(r.Context(), a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := grantView{Review: rv, Mine: rv.Grant.UserID == a.ID(), Active: rv.Grant.Active(nowUTC())}
	if v.Mine && v.Active {
		// The case rules decide: only an active grant of this administrator opens it (and the view is audited).
		if v.Case, err = ui.Cases.Get(r.Context(), a, rv.Grant.CaseID); err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			ui.fail(w, r, err)
			return
		}
	}
	ui.render(w, r, http.StatusOK, "dp_grant", View{Title: "Emergency access", Nav: "data-protection", Data: v})
}

func (ui *UI) endGrant(w http.ResponseWriter, r *http.Request) {
	if err := ui.BreakGlass.End(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/break-glass/"+r.PathValue("id"), "Emergency access ended.")
}

func (ui *UI) reviewGrant(w http.ResponseWriter, r *http.Request) {
	if err := ui.BreakGlass.MarkReviewed(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/break-glass", "Marked as reviewed.")
}

func nowUTC() time.Time { return time.Now().UTC() }
