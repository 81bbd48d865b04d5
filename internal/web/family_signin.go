package web

import (
	"errors"
	"net/http"

	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) registerFamilySignIn(s *server.Server) {
	s.Handle("GET /family/signin", server.Public, ui.familySignInForm, server.Exempt("the parents' sign-in page"))
	s.Handle("POST /family/signin", server.Public, ui.familySignIn)
	s.Handle("POST /family/signin/request", server.Public, ui.familyRequestCode)
	s.Handle("GET /family/in/{token}", server.Public, ui.familyLinkForm, server.Exempt("the parents' sign-in page for a link: a button, nothing of the case"))
	s.Handle("POST /family/in/{token}", server.Public, ui.familyLinkSignIn)
	s.Handle("GET /family/signedout", server.Public, ui.familySignedOut, server.Exempt("the page after signing out"))
	s.Handle("GET /family/pin", server.Family, ui.familyPINForm, server.Exempt("the PIN form: nothing of the case until it is unlocked"))
	s.Handle("POST /family/pin", server.Family, ui.familyPIN)
	s.Handle("POST /family/signout", server.Family, ui.familySignOut)
	s.Handle("POST /family/signout-all", server.Family, ui.familySignOutAll)
}

// familyCookie keeps a parent's device session: its own name, long-lived,
// HttpOnly, SameSite=Lax, Secure and __Host- prefixed over TLS.
func (ui *UI) familyCookie(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: ui.Server.FamilyCookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: ui.Server.SecureCookies(), SameSite: http.SameSiteLaxMode, MaxAge: maxAge})
}

const familyCookieAge = 180 * 24 * 60 * 60

// signInBody: the service sends e-mail (Mail), a new code was asked for
// (Requested), or asked for where only the guider can give one (NoMail).
type signInBody struct{ Mail, Requested, NoMail bool }

func (ui *UI) familySignInForm(w http.ResponseWriter, r *http.Request) {
	if id := server.IdentityOf(r); id.Family != nil && id.User == nil {
		http.Redirect(w, r, "/family", http.StatusSeeOther)
		return
	}
	ui.renderF(w, r, http.StatusOK, "family_signin", "f.signin.title", ui.fview(r, signInBody{Mail: ui.Family.Mail != nil}))
}

func (ui *UI) familySignIn(w http.ResponseWriter, r *http.Request) {
	v := ui.fview(r, signInBody{Mail: ui.Family.Mail != nil})
	v.Form = newForm(r, "email", "code")
	token, _, err := ui.Family.SignInCode(r.Context(), server.IdentityOf(r).IP, v.Form.Get("email"), v.Form.Get("code"))
	if err != nil {
		v.Form.Values["code"] = ""
		v.fail(r, err)
		ui.renderF(w, r, server.Status(err), "family_signin", "f.signin.title", v)
		return
	}
	ui.familyCookie(w, token, familyCookieAge)
	http.Redirect(w, r, "/family", http.StatusSeeOther)
}

func (ui *UI) familyRequestCode(w http.ResponseWriter, r *http.Request) {
	mail := ui.Family.Mail != nil
	v := ui.fview(r, signInBody{Mail: mail, Requested: true})
	v.Form = newForm(r, "email")
	status := http.StatusOK
	switch err := ui.Family.RequestCode(r.Context(), server.IdentityOf(r).IP, v.Form.Get("email")); {
	case errors.Is(err, family.ErrNoMail):
		v.Body = signInBody{NoMail: true}
	case err != nil:
		v.fail(r, err)
		v.Body, status = signInBody{Mail: mail}, server.Status(err)
	}
	ui.renderF(w, r, status, "family_signin", "f.signin.title", v)
}

func (ui *UI) familyLinkForm(w http.ResponseWriter, r *http.Request) {
	m, err := ui.Family.LinkMember(r.Context(), server.IdentityOf(r).IP, r.PathValue("token"))
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	v := ui.fview(r, m.Name)
	if r.URL.Query().Get("lang") == "" {
		v.L, v.Langs = ui.lang(r, m.Lang)
	}
	ui.renderF(w, r, http.StatusOK, "family_link", "f.brand", v)
}

func (ui *UI) familyLinkSignIn(w http.ResponseWriter, r *http.Request) {
	token, _, err := ui.Family.SignInLink(r.Context(), server.IdentityOf(r).IP, r.PathValue("token"))
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	ui.familyCookie(w, token, familyCookieAge)
	http.Redirect(w, r, "/family", http.StatusSeeOther)
}

func (ui *UI) familySignedOut(w http.ResponseWriter, r *http.Request) {
	ui.renderF(w, r, http.StatusOK, "family_message", "f.signedout.title", ui.fview(r, "f.signedout"))
}

// familyPINForm asks for the PIN on a locked device, or for a new one.
func (ui *UI) familyPINForm(w http.ResponseWriter, r *http.Request) {
	p := ui.parent(r)
	if !p.Session.Locked && !p.Session.MustChoosePIN {
		http.Redirect(w, r, "/family", http.StatusSeeOther)
		return
	}
	ui.renderF(w, r, http.StatusOK, "family_pin", pinTitle(p.Session.Locked), ui.fview(r, p.Session.Locked))
}

func pinTitle(locked bool) string {
	if locked {
		return "f.pin.title"
	}
	return "f.pin.choose"
}

func (ui *UI) familyPIN(w http.ResponseWriter, r *http.Request) {
	p := ui.parent(r)
	if !p.Session.Locked && !p.Session.MustChoosePIN {
		http.Redirect(w, r, "/family", http.StatusSeeOther)
		return
	}
	v := ui.fview(r, p.Session.Locked)
	v.Form = newForm(r, "pin", "again")
	var err error
	if p.Session.Locked {
		err = ui.Family.Unlock(r.Context(), p, v.Form.Get("pin"))
	} else {
		err = ui.Family.SetPIN(r.Context(), p, v.Form.Get("pin"), v.Form.Get("again"))
	}
	if err != nil {
		v.Form.Values["pin"], v.Form.Values["again"] = "", ""
		v.fail(r, err)
		ui.renderF(w, r, server.Status(err), "family_pin", pinTitle(p.Session.Locked), v)
		return
	}
	http.Redirect(w, r, "/family", http.StatusSeeOther)
}

func (ui *UI) familySignOut(w http.ResponseWriter, r *http.Request) {
	ui.rememberLang(w, ui.parent(r).Session.Lang)
	if err := ui.Family.SignOut(r.Context(), ui.parent(r)); err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	ui.familyCookie(w, "", -1)
	http.Redirect(w, r, "/family/signedout", http.StatusSeeOther)
}

func (ui *UI) familySignOutAll(w http.ResponseWriter, r *http.Request) {
	ui.rememberLang(w, ui.parent(r).Session.Lang)
	if err := ui.Family.SignOutEverywhere(r.Context(), ui.parent(r)); err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	ui.familyCookie(w, "", -1)
	http.Redirect(w, r, "/family/signedout", http.StatusSeeOther)
}
