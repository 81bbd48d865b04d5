package web

import (
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/store"
)

func (ui *UI) users(w http.ResponseWriter, r *http.Request) {
	us, err := ui.Accounts.Users(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "users", View{Title: "Accounts", Nav: "users", Data: us})
}

func (ui *UI) newUserForm(w http.ResponseWriter, r *http.Request) {
	f := &Form{Values: map[string]string{"role": "practitioner"}, Errors: map[string]string{}}
	ui.render(w, r, http.StatusOK, "user_form", View{Title: "Add an account", Nav: "users", Data: f})
}

type linkView struct {
	User  *domain.User
	Link  string
	What  string
	Reset accounts.Reset
}

func (ui *UI) createUser(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "name", "email", "role")
	u, link, err := ui.Accounts.CreateUser(r.Context(), server.IdentityOf(r).Actor(),
		accounts.NewUser{Name: f.Get("name"), Email: f.Get("email"), Role: f.Get("role")})
	if err != nil {
		f.Fail(err)
		ui.render(w, r, server.Status(err), "user_form", View{Title: "Add an account", Nav: "users", Data: f})
		return
	}
	v := linkView{User: u, Link: ui.PublicURL + "/reset/" + link, What: "added"}
	ui.render(w, r, http.StatusOK, "user_link", View{Title: "Account added", Nav: "users", Data: v})
}

func (ui *UI) showUser(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	u, err := ui.Accounts.User(r.Context(), a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p, err := ui.userPage(r, a, u)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "user", View{Title: u.Name, Nav: "users", Data: p})
}

// userActions are the changes an administrator can make on an account page.
var userActions = map[string]struct {
	do  func(*accounts.Service, *http.Request, accounts.Actor, string) (*domain.User, error)
	msg string
}{
	"disable": {func(s *accounts.Service, r *http.Request, a accounts.Actor, id string) (*domain.User, error) {
		return s.SetDisabled(r.Context(), a, id, true)
	}, "Account disabled. Every session it had has ended."},
	"enable": {func(s *accounts.Service, r *http.Request, a accounts.Actor, id string) (*domain.User, error) {
		return s.SetDisabled(r.Context(), a, id, false)
	}, "Account enabled."},
	"require-mfa": {func(s *accounts.Service, r *http.Request, a accounts.Actor, id string) (*domain.User, error) {
		return s.SetMFARequired(r.Context(), a, id, true)
	}, "A second factor is now required."},
	"waive-mfa": {func(s *accounts.Service, r *http.Request, a accounts.Actor, id string) (*domain.User, error) {
		return s.SetMFARequired(r.Context(), a, id, false)
	}, "A second factor is no longer required."},
}

func (ui *UI) changeUser(w http.ResponseWriter, r *http.Request) {
	a, uid, action := server.IdentityOf(r).Actor(), r.PathValue("id"), r.PathValue("action")
	switch action {
	case "reset":
		ui.resetUser(w, r, a, uid)
		return
	case "approve-reset":
		if err := ui.Accounts.ApproveReset(r.Context(), a, uid); err != nil {
			ui.fail(w, r, err)
			return
		}
		redirect(w, r, "/admin/users/"+uid, "Reset approved. The link the other administrator was shown now works once.")
		return
	}
	act, ok := userActions[action]
	if !ok {
		ui.fail(w, r, domain.NotFound("page"))
		return
	}
	if _, err := act.do(ui.Accounts, r, a, uid); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/users/"+uid, act.msg)
}

func (ui *UI) resetUser(w http.ResponseWriter, r *http.Request, a accounts.Actor, uid string) {
	reset, err := ui.Accounts.ResetAccess(r.Context(), a, uid)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	u, err := ui.Accounts.User(r.Context(), a, uid)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := linkView{User: u, What: "reset", Reset: reset}
	if reset.Link != "" {
		v.Link = ui.PublicURL + "/reset/" + reset.Link
	}
	ui.render(w, r, http.StatusOK, "user_link", View{Title: "Access reset", Nav: "users", Data: v})
}

type auditView struct {
	Entries []domain.AuditEntry
	Filter  store.AuditFilter
	Next    int64
	Names   map[string]string
}

func (ui *UI) auditLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AuditFilter{ActorID: q.Get("actor"), CaseID: q.Get("case"), Action: q.Get("action"), Limit: 100}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	v := auditView{Filter: f, Names: map[string]string{}}
	err := ui.DB.View(r.Context(), func(tx *store.Tx) error {
		var err error
		v.Entries, err = tx.AuditEntries(r.Context(), f)
		return err
	})
	if err == nil {
		err = ui.DB.Update(r.Context(), func(tx *store.Tx) error {
			return tx.Audit(r.Context(), domain.AuditEntry{ActorID: server.IdentityOf(r).User.ID, Action: "audit.view", IP: server.IdentityOf(r).IP})
		})
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if us, err := ui.Accounts.Users(r.Context(), server.IdentityOf(r).Actor()); err == nil {
		for _, u := range us {
			v.Names[u.ID] = u.Name
		}
	}
	if len(v.Entries) == f.Limit {
		v.Next = v.Entries[len(v.Entries)-1].Seq
	}
	ui.render(w, r, http.StatusOK, "audit", View{Title: "Audit trail", Nav: "audit", Data: v})
}
