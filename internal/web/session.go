package web

import (
	"net/http"

	"github.com/attune-vig/attune/internal/server"
)

// startSession sets the session cookie: HttpOnly, SameSite=Lax, Secure and
// __Host- prefixed when served over TLS. The id is new at every sign-in.
func (ui *UI) startSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: ui.Server.CookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: ui.Server.SecureCookies(), SameSite: http.SameSiteLaxMode})
}

func (ui *UI) endSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: ui.Server.CookieName(), Value: "", Path: "/", HttpOnly: true,
		Secure: ui.Server.SecureCookies(), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// pendingStep is where a signed-in browser still owing its second factor goes.
func pendingStep(id *server.Identity) string {
	if id.User.MFAEnrolled() {
		return "/login/verify"
	}
	return "/account/mfa"
}
