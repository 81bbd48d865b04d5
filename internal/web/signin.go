package web

import (
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) loginForm(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	if id.User != nil && id.Session != nil && id.Session.MFAPassed {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	f := &Form{Values: map[string]string{"next": nextOf(r)}, Errors: map[string]string{}}
	ui.render(w, r, http.StatusOK, "login", View{Title: "Sign in", Data: ui.withSSO(f)})
}

func (ui *UI) login(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "email", "password")
	f.Values["next"] = nextOf(r)
	id := server.IdentityOf(r)
	token, sess, err := ui.Accounts.Login(r.Context(), id.IP, f.Get("email"), f.Get("password"))
	if err != nil {
		f.Values["password"] = ""
		f.Fail(err)
		ui.render(w, r, server.Status(err), "login", View{Title: "Sign in", Data: ui.withSSO(f)})
		return
	}
	ui.signedIn(w, r, token, sess, f.Get("next"))
}

// signedIn replaces any earlier session with the new one and goes on to
// the second factor, if it is still owed, or to next.
func (ui *UI) signedIn(w http.ResponseWriter, r *http.Request, token string, sess *domain.Session, next string) {
	next = safeNext(next)
	id := server.IdentityOf(r)
	if id.Session != nil {
		_ = ui.Accounts.Logout(r.Context(), id.Session, id.IP)
	}
	ui.startSession(w, token)
	if !sess.MFAPassed {
		u, _, _ := ui.Accounts.Authenticate(r.Context(), token)
		step := "/account/mfa"
		if u != nil && u.MFAEnrolled() {
			step = "/login/verify"
		}
		http.Redirect(w, r, step+"?next="+urlQueryEscape(next), http.StatusSeeOther)
		return
	}
	ui.flashNotices(w, r, sess.UserID)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (ui *UI) verifyForm(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	if id.Session.MFAPassed {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if !id.User.MFAEnrolled() {
		http.Redirect(w, r, "/account/mfa", http.StatusSeeOther)
		return
	}
	f := &Form{Values: map[string]string{"next": nextOf(r)}, Errors: map[string]string{}}
	ui.render(w, r, http.StatusOK, "verify", View{Title: "Enter your code", Data: f})
}

func (ui *UI) verify(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	f := newForm(r, "code", "recovery")
	f.Values["next"] = nextOf(r)
	var err error
	if f.Get("recovery") != "" {
		err = ui.Accounts.UseRecoveryCode(r.Context(), id.Session, id.IP, f.Get("recovery"))
	} else {
		err = ui.Accounts.VerifyTOTP(r.Context(), id.Session, id.IP, f.Get("code"))
	}
	if err != nil {
		f.Fail(err)
		f.Values["code"], f.Values["recovery"] = "", ""
		ui.render(w, r, server.Status(err), "verify", View{Title: "Enter your code", Data: f})
		return
	}
	ui.flashNotices(w, r, id.User.ID)
	http.Redirect(w, r, safeNext(f.Get("next")), http.StatusSeeOther)
}

func (ui *UI) logout(w http.ResponseWriter, r *http.Request) {
	id := server.IdentityOf(r)
	if err := ui.Accounts.Logout(r.Context(), id.Session, id.IP); err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.endSession(w)
	redirect(w, r, "/login", "You have signed out.")
}
