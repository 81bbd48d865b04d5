package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

// blankRows is how many empty person rows a case form offers.
const blankRows = 3

type caseForm struct {
	Form   *Form
	Case   *domain.Case // nil for a new case
	People []domain.Participant
}

func (ui *UI) newCaseForm(w http.ResponseWriter, r *http.Request) {
	cf := caseForm{Form: &Form{Values: map[string]string{}, Errors: map[string]string{}},
		People: withBlanks(nil)}
	ui.render(w, r, http.StatusOK, "case_form", View{Title: "Open a case", Nav: "caseload", Data: cf})
}

func withBlanks(ps []domain.Participant) []domain.Participant {
	out := append([]domain.Participant(nil), ps...)
	if len(out) == 0 {
		out = append(out, domain.Participant{Role: domain.ParticipantAdult}, domain.Participant{Role: domain.ParticipantChild})
	}
	for range blankRows {
		out = append(out, domain.Participant{Role: domain.ParticipantAdult})
	}
	return out
}

// readCaseForm reads the case fields and the person rows, skipping empty rows.
func readCaseForm(r *http.Request) (*Form, casework.Input) {
	f := newForm(r, "reference", "focus", "initials_only", "version")
	in := casework.Input{Reference: f.Get("reference"), Focus: f.Get("focus"), InitialsOnly: f.Get("initials_only") == "on"}
	for i := 0; i < 20; i++ {
		p := domain.Participant{
			ID: r.PostFormValue(fmt.Sprintf("p%d_id", i)), Role: r.PostFormValue(fmt.Sprintf("p%d_role", i)),
			Name: r.PostFormValue(fmt.Sprintf("p%d_name", i)), Relation: r.PostFormValue(fmt.Sprintf("p%d_relation", i)),
			BirthDate: r.PostFormValue(fmt.Sprintf("p%d_birth_date", i)),
		}
		if p.Name == "" && p.Relation == "" && p.BirthDate == "" {
			continue
		}
		in.Participants = append(in.Participants, p)
	}
	return f, in
}

func (ui *UI) createCase(w http.ResponseWriter, r *http.Request) {
	f, in := readCaseForm(r)
	c, err := ui.Cases.Create(r.Context(), server.IdentityOf(r).Actor(), in)
	if err != nil {
		f.Fail(err)
		cf := caseForm{Form: f, People: withBlanks(in.Participants)}
		ui.render(w, r, server.Status(err), "case_form", View{Title: "Open a case", Nav: "caseload", Data: cf})
		return
	}
	redirect(w, r, "/cases/"+c.ID, "Case "+c.Reference+" is open.")
}

type caseView struct {
	Case       *domain.Case
	Recordings []*domain.Recording
	Colleagues []*domain.User
	Me         *domain.User
	Form       *Form
	Life       *lifecycle.Overview
	Next       casework.Step // what comes next, with where it is done
}

func (ui *UI) showCase(w http.ResponseWriter, r *http.Request) {
	ui.caseWithProblem(w, r, r.PathValue("id"), http.StatusOK, "")
}

// caseWithProblem shows the case page; after a refused action, with its
// status and why it was refused, so the person is back where they were.
func (ui *UI) caseWithProblem(w http.ResponseWriter, r *http.Request, caseID string, status int, problem string) {
	id := server.IdentityOf(r)
	c, err := ui.Cases.Get(r.Context(), id.Actor(), caseID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := caseView{Case: c, Me: id.User, Form: &Form{Values: map[string]string{}, Errors: map[string]string{}}}
	if v.Recordings, err = ui.Recordings.ForCase(r.Context(), id.Actor(), c.ID); err != nil {
		ui.fail(w, r, err)
		return
	}
	if v.Life, err = ui.Lifecycle.Overview(r.Context(), id.Actor(), c.ID); err != nil {
		ui.fail(w, r, err)
		return
	}
	if v.Next, err = ui.caseNext(r.Context(), id.Actor(), &v); err != nil {
		ui.fail(w, r, err)
		return
	}
	if casework.IsOwner(id.User, c) {
		if v.Colleagues, err = ui.Accounts.Colleagues(r.Context(), id.Actor()); err != nil {
			ui.fail(w, r, err)
			return
		}
		v.Colleagues = notSharedYet(v.Colleagues, c)
	}
	ui.render(w, r, status, "case", View{Title: "Case " + c.Reference, Nav: "caseload", Data: v, Problem: problem})
}

func notSharedYet(us []*domain.User, c *domain.Case) []*domain.User {
	shared := map[string]bool{}
	for _, s := range c.Shares {
		shared[s.UserID] = true
	}
	var out []*domain.User
	for _, u := range us {
		if !shared[u.ID] {
			out = append(out, u)
		}
	}
	return out
}

func (ui *UI) editCaseForm(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	c, err := ui.Cases.Get(r.Context(), id.Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if !casework.CanEdit(id.User, c) {
		ui.fail(w, r, domain.Errorf(domain.EFORBIDDEN, "You can look at this case but not change it. Ask the practitioner who owns it."))
		return
	}
	f := &Form{Values: map[string]string{"reference": c.Reference, "focus": c.Focus, "version": strconv.Itoa(c.Version)}, Errors: map[string]string{}}
	if c.InitialsOnly {
		f.Values["initials_only"] = "on"
	}
	cf := caseForm{Form: f, Case: c, People: withBlanks(c.Participants)}
	ui.render(w, r, http.StatusOK, "case_form", View{Title: "Edit case " + c.Reference, Nav: "caseload", Data: cf})
}

func (ui *UI) updateCase(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	f, in := readCaseForm(r)
	p := casework.Patch{Reference: &in.Reference, Focus: &in.Focus, InitialsOnly: &in.InitialsOnly, Participants: &in.Participants}
	if v, err := strconv.Atoi(f.Get("version")); err == nil {
		p.Version = &v
	}
	c, err := ui.Cases.Update(r.Context(), id.Actor(), r.PathValue("id"), p)
	if err != nil {
		if server.Status(err) == http.StatusNotFound {
			ui.fail(w, r, err)
			return
		}
		f.Fail(err)
		cf := caseForm{Form: f, Case: &domain.Case{ID: r.PathValue("id"), Reference: in.Reference}, People: withBlanks(in.Participants)}
		ui.render(w, r, server.Status(err), "case_form", View{Title: "Edit case", Nav: "caseload", Data: cf})
		return
	}
	redirect(w, r, "/cases/"+c.ID, "Changes saved.")
}

func (ui *UI) setCaseStatus(w http.ResponseWriter, r *http.Request) {
	status := r.PostFormValue("status")
	p := casework.Patch{Status: &status}
	c, err := ui.Cases.Update(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), p)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	msg := "The case is open again."
	if c.Status == domain.CaseClosed {
		msg = "The case is closed. You can reopen it from this page."
	}
	redirect(w, r, "/cases/"+c.ID, msg)
}

func (ui *UI) shareCase(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	caseID := r.PathValue("id")
	if err := ui.Cases.Share(r.Context(), a, caseID, r.PostFormValue("user")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+caseID, "Shared. They can now see this case.")
}

func (ui *UI) unshareCase(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	caseID, user := r.PathValue("id"), r.PathValue("user")
	if err := ui.Cases.Unshare(r.Context(), a, caseID, user); err != nil {
		ui.fail(w, r, err)
		return
	}
	if user == a.ID() {
		redirect(w, r, "/", "You no longer have this case.")
		return
	}
	redirect(w, r, "/cases/"+caseID, "No longer shared.")
}
