package web

import (
	"net/http"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) registerAccount(s *server.Server) {
	s.Handle("GET /account", server.Staff, ui.account, server.Exempt("your own account: tokens and notices, nothing of a case"))
	s.Handle("POST /account/tokens", server.Staff, ui.createOwnToken)
	s.Handle("POST /account/tokens/{token}/revoke", server.Staff, ui.revokeOwnToken)
	s.Handle("POST /admin/users/{id}/tokens/{token}/revoke", server.Admin, ui.revokeUserToken)
}

// accountView is the signed-in person's own account page.
type accountView struct {
	User     *domain.User
	Tokens   []domain.APIToken
	Notices  []*domain.Notification
	NewToken string // shown once, just after it was made
	Form     *Form
}

func (ui *UI) account(w http.ResponseWriter, r *http.Request) {
	ui.showAccount(w, r, http.StatusOK, "", newForm(r, "label"))
}

func (ui *UI) showAccount(w http.ResponseWriter, r *http.Request, status int, newToken string, f *Form) {
	a := server.IdentityOf(r).Actor()
	v := accountView{User: a.User, NewToken: newToken, Form: f}
	var err error
	if v.Tokens, err = ui.Accounts.Tokens(r.Context(), a, a.ID()); err == nil {
		v.Notices, err = ui.Accounts.Notices(r.Context(), a)
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, status, "account", View{Title: "Your account", Nav: "account", Data: v})
}

func (ui *UI) createOwnToken(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "label")
	tok, err := ui.Accounts.CreateOwnToken(r.Context(), server.IdentityOf(r).Actor(), f.Get("label"))
	if err != nil {
		f.Fail(err)
		ui.showAccount(w, r, server.Status(err), "", f)
		return
	}
	ui.showAccount(w, r, http.StatusOK, tok, newForm(r))
}

func (ui *UI) revokeOwnToken(w http.ResponseWriter, r *http.Request) {
	if err := ui.Accounts.RevokeToken(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("token")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/account", "Token revoked. Programs using it can no longer reach attune.")
}

func (ui *UI) revokeUserToken(w http.ResponseWriter, r *http.Request) {
	a, uid := server.IdentityOf(r).Actor(), r.PathValue("id")
	if err := ui.Accounts.RevokeToken(r.Context(), a, r.PathValue("token")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/users/"+uid, "Token revoked.")
}

// userPage is an account as an administrator sees it.
type userPage struct {
	*domain.User
	Tokens  []domain.APIToken
	Pending *domain.OneTimeLink // an unused reset link, if any
	Me      string              // the administrator looking
}

func (ui *UI) userPage(r *http.Request, a accounts.Actor, u *domain.User) (userPage, error) {
	p := userPage{User: u, Me: a.ID()}
	var err error
	if p.Tokens, err = ui.Accounts.Tokens(r.Context(), a, u.ID); err == nil {
		p.Pending, err = ui.Accounts.PendingReset(r.Context(), a, u.ID)
	}
	return p, err
}

// flashNotices shows the owner, on the page after signing in, what an
// administrator did to their account since they last signed in.
func (ui *UI) flashNotices(w http.ResponseWriter, r *http.Request, userID string) {
	ns, err := ui.Accounts.TakeNotices(r.Context(), userID)
	if err != nil {
		server.LogError(r, err)
		return
	}
	if len(ns) > 0 {
		setFlash(w, "Your access was reset by an administrator. See Your account for what was done and when.")
	}
}
