package web

import (
	"net/http"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) setupForm(w http.ResponseWriter, r *http.Request) {
	if err := ui.Accounts.CheckLink(r.Context(), r.PathValue("token"), "setup"); err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "setup", View{Title: "Create the first administrator", Data: newForm(r)})
}

func (ui *UI) setup(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "name", "email", "password")
	id := server.IdentityOf(r)
	_, err := ui.Accounts.CompleteSetup(r.Context(), id.IP, r.PathValue("token"),
		accounts.NewUser{Name: f.Get("name"), Email: f.Get("email"), Password: f.Get("password")})
	if err != nil {
		f.Values["password"] = ""
		f.Fail(err)
		ui.render(w, r, server.Status(err), "setup", View{Title: "Create the first administrator", Data: f})
		return
	}
	redirect(w, r, "/login", "Your administrator account is ready. Sign in, then set up your second factor.")
}

func (ui *UI) resetForm(w http.ResponseWriter, r *http.Request) {
	if err := ui.Accounts.CheckLink(r.Context(), r.PathValue("token"), "reset"); err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "reset", View{Title: "Choose your password", Data: newForm(r)})
}

func (ui *UI) reset(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "password")
	id := server.IdentityOf(r)
	if _, err := ui.Accounts.CompleteReset(r.Context(), id.IP, r.PathValue("token"), f.Get("password")); err != nil {
		f.Values["password"] = ""
		f.Fail(err)
		ui.render(w, r, server.Status(err), "reset", View{Title: "Choose your password", Data: f})
		return
	}
	redirect(w, r, "/login", "Your password is set. Sign in with it now.")
}
