package web

import (
	"net/http"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/sso"
)

// registerSSO adds sign-in through the organisation's provider. The routes
// exist (and say so) even when it isn't configured, so a bookmark explains.
func (ui *UI) registerSSO(s *server.Server) {
	s.Handle("GET /login/sso", server.Public, ui.ssoStart)
	s.Handle("GET "+sso.CallbackPath, server.Public, ui.ssoCallback)
}

// ssoCookie holds the sealed pending sign-in while the person is at the
// provider; SameSite=Lax lets it come back on the provider's redirect.
const ssoCookie = "attune_sso"

var errNoSSO = domain.Errorf(domain.ENOTFOUND, "Signing in through your organisation isn't set up here. Sign in with your attune e-mail address and password.")

// withSSO offers the provider's button on the sign-in form.
func (ui *UI) withSSO(f *Form) *Form {
	if ui.SSO != nil {
		f.Values["sso_name"] = ui.SSO.Name()
	}
	return f
}

// ssoStart sends the person to the provider with a fresh state, nonce and
// PKCE verifier, remembered in a sealed cookie.
func (ui *UI) ssoStart(w http.ResponseWriter, r *http.Request) {
	if ui.SSO == nil {
		ui.ssoFail(w, r, errNoSSO)
		return
	}
	p := sso.NewPending(nextOf(r), ui.Accounts.Now())
	to, err := ui.SSO.AuthURL(r.Context(), p)
	if err != nil {
		ui.ssoFail(w, r, err)
		return
	}
	sealed, err := p.Seal(ui.Accounts.Secrets)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: sealed, Path: "/login/sso", HttpOnly: true,
		Secure: ui.Server.SecureCookies(), SameSite: http.SameSiteLaxMode, MaxAge: int(sso.PendingLifetime.Seconds())})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// ssoCallback finishes the sign-in the provider sends back: the cookie
// must match the state, then the code is exchanged and the ID token checked.
func (ui *UI) ssoCallback(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: "", Path: "/login/sso", HttpOnly: true,
		Secure: ui.Server.SecureCookies(), SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if ui.SSO == nil {
		ui.ssoFail(w, r, errNoSSO)
		return
	}
	q := r.URL.Query()
	if q.Get("error") != "" {
		ui.ssoFail(w, r, domain.Errorf(domain.EUNAUTHORIZED, "Your organisation's sign-in service didn't let you in (it said %q). Try again, or ask your administrator.", q.Get("error")))
		return
	}
	c, _ := r.Cookie(ssoCookie)
	sealed := ""
	if c != nil {
		sealed = c.Value
	}
	p, err := sso.OpenPending(ui.Accounts.Secrets, sealed, q.Get("state"), ui.Accounts.Now())
	if err != nil {
		ui.ssoFail(w, r, err)
		return
	}
	ui.ssoFinish(w, r, q.Get("code"), p)
}

func (ui *UI) ssoFinish(w http.ResponseWriter, r *http.Request, code string, p sso.Pending) {
	id := server.IdentityOf(r)
	who, err := ui.SSO.Finish(r.Context(), code, p)
	if err != nil {
		ui.ssoFail(w, r, err)
		return
	}
	token, sess, err := ui.Accounts.LoginSSO(r.Context(), id.IP, accounts.SSOLogin{Subject: ui.SSO.Issuer() + " " + who.Subject,
		Email: who.Email, Name: who.Name, Role: who.Role, ProviderMFA: ui.SSO.ProviderMFA()})
	if err != nil {
		ui.ssoFail(w, r, err)
		return
	}
	ui.signedIn(w, r, token, sess, p.Next)
}

// ssoFail shows the sign-in page with what went wrong.
func (ui *UI) ssoFail(w http.ResponseWriter, r *http.Request, err error) {
	if server.Status(err) >= 500 && domain.ErrorCode(err) != domain.EUNAVAILABLE {
		ui.fail(w, r, err)
		return
	}
	ui.Server.Log.WarnContext(r.Context(), "single sign-on failed", "err", err)
	f := &Form{Values: map[string]string{"next": "/"}, Errors: map[string]string{}}
	f.Fail(err)
	ui.render(w, r, server.Status(err), "login", View{Title: "Sign in", Data: ui.withSSO(f)})
}
