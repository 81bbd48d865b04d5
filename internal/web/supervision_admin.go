package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) registerSupervisionAdmin(s *server.Server) {
	s.Handle("GET /admin/supervision", server.Admin, ui.supAdmin)
	s.Handle("POST /admin/supervision/links", server.Admin, ui.supAdminLink)
	s.Handle("POST /admin/supervision/links/remove", server.Admin, ui.supAdminUnlink)
	s.Handle("POST /admin/supervision/stages", server.Admin, ui.supAdminStages)
	s.Handle("POST /admin/supervision/names", server.Admin, ui.supAdminNames)
}

func (ui *UI) supAdminNames(w http.ResponseWriter, r *http.Request) {
	full := r.PostFormValue("full_names") == "yes"
	if err := ui.sup().SetFullNames(r.Context(), server.IdentityOf(r).Actor(), full); err != nil {
		ui.fail(w, r, err)
		return
	}
	msg := "Supervisors now see families' names as initials."
	if full {
		msg = "Supervisors now see families' names in full, except on cases kept to initials."
	}
	redirect(w, r, "/admin/supervision", msg)
}

type supAdminView struct {
	Links     []domain.SupervisionLink
	Users     []*domain.User
	Stages    []domain.AccreditationStage
	Link      *Form
	Rules     *Form
	FullNames bool
}

func (ui *UI) supAdmin(w http.ResponseWriter, r *http.Request) {
	ui.renderSupAdmin(w, r, http.StatusOK, nil, nil, nil)
}

func (ui *UI) renderSupAdmin(w http.ResponseWriter, r *http.Request, status int, link, rules *Form, stages []domain.AccreditationStage) {
	a := server.IdentityOf(r).Actor()
	v := supAdminView{Link: orEmpty(link), Rules: orEmpty(rules), Stages: stages}
	var err error
	if v.Links, err = ui.sup().Links(r.Context(), a); err != nil {
		ui.fail(w, r, err)
		return
	}
	if v.Users, err = ui.Accounts.Users(r.Context(), a); err != nil {
		ui.fail(w, r, err)
		return
	}
	if v.FullNames, err = ui.sup().FullNames(r.Context()); err != nil {
		ui.fail(w, r, err)
		return
	}
	if v.Stages == nil {
		if v.Stages, err = ui.sup().Stages(r.Context()); err != nil {
			ui.fail(w, r, err)
			return
		}
	}
	ui.render(w, r, status, "sup_admin", View{Title: "Supervision and accreditation", Nav: "supervision", Data: v})
}

func (ui *UI) supAdminLink(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "supervisor_id", "trainee_id")
	if err := ui.sup().Link(r.Context(), server.IdentityOf(r).Actor(), f.Get("supervisor_id"), f.Get("trainee_id")); err != nil {
		f.Fail(err)
		ui.renderSupAdmin(w, r, server.Status(err), f, nil, nil)
		return
	}
	redirect(w, r, "/admin/supervision", "Supervision recorded.")
}

func (ui *UI) supAdminUnlink(w http.ResponseWriter, r *http.Request) {
	if err := ui.sup().Unlink(r.Context(), server.IdentityOf(r).Actor(), r.PostFormValue("supervisor_id"), r.PostFormValue("trainee_id")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/supervision", "Supervision ended.")
}

// supAdminStages saves the stage rules from the table's rows (s1_name,
// s1_cycles, …); a row with an empty name is left out.
func (ui *UI) supAdminStages(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	var stages []domain.AccreditationStage
	for i := 1; i <= 9; i++ {
		name := r.PostFormValue(fmt.Sprintf("s%d_name", i))
		if name == "" {
			continue
		}
		num := func(k string) int {
			n, err := strconv.Atoi(r.PostFormValue(fmt.Sprintf("s%d_%s", i, k)))
			if err != nil {
				return -1
			}
			return n
		}
		stages = append(stages, domain.AccreditationStage{Number: len(stages) + 1, Name: name, Cycles: num("cycles"),
			NewFamilies: num("families"), SupervisionHours: num("hours")})
	}
	if err := ui.sup().SetStages(r.Context(), server.IdentityOf(r).Actor(), stages); err != nil {
		f.Fail(err)
		ui.renderSupAdmin(w, r, server.Status(err), nil, f, stages)
		return
	}
	redirect(w, r, "/admin/supervision", "Stage rules saved. Every trainee's log follows them now.")
}
