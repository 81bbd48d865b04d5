// Package web serves attune's HTML pages: server-rendered templates, embedded
// with their static files, with htmx for small interactions. Each handler
// reads top to bottom: parse, call the domain (which authorizes), render.
package web

import (
	"embed"
	"io/fs"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/breakglass"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/moments"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/retention"
	"github.com/attune-vig/attune/internal/sar"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/sso"
	"github.com/attune-vig/attune/internal/store"
)

//go:embed templates static
var files embed.FS

// Deps are the services the pages use.
type Deps struct {
	Server     *server.Server
	Accounts   *accounts.Service
	Cases      *casework.Service
	Recordings *recordings.Service
	Lifecycle  *lifecycle.Service
	Analysis   *analysis.Service
	Films      *films.Service
	DB         *store.DB
	PublicURL  string
	SSO        *sso.Client // single sign-on; nil when not configured
	// Questionnaires are the outcome measures.
	Questionnaires *questionnaires.Service
	// Retention and BreakGlass are the data-protection services (dataprotection*.go).
	Retention  *retention.Service
	BreakGlass *breakglass.Service
	SAR        *sar.Service
	// Family is the family's side: portal, sign-in, Resources (family*.go).
	Family *family.Service
	// Moments is the moment finder's figures (moments.go).
	Moments *moments.Service
}

// UI is the set of pages.
type UI struct {
	Deps
	pages map[string]*page
	// parentLimiter slows down anyone guessing questionnaire links: a
	// burst of 60 requests, then one a second, per address.
	parentLimiter *auth.Limiter
}

// New parses every template now, so a broken one stops the server at start.
func New(d Deps) (*UI, error) {
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	ui := &UI{Deps: d, pages: pages, parentLimiter: auth.NewLimiter(1, 60)}
	if d.DB != nil {
		ui.parentLimiter.Share(d.DB, "qlinks")
	}
	d.Server.Denied = ui.denied
	return ui, nil
}

// Register adds every page's route with its policy.
func (ui *UI) Register() {
	s := ui.Server
	static, _ := fs.Sub(files, "static")
	s.Handle("GET /static/", server.Public, staticFiles(static))
	s.Handle("GET /favicon.ico", server.Public, favicon)
	ui.registerSignIn(s)
	ui.registerSSO(s)
	ui.registerCases(s)
	ui.registerAdmin(s)
	ui.registerAccount(s)
	ui.registerLifecycle(s)
	ui.registerLifecyclePages(s)
	ui.registerWorkspace(s)
	ui.registerCodings(s)
	ui.registerMoments(s)
	ui.registerQuestionnaires(s)
	ui.registerFilms(s)
	ui.registerDataProtection(s)
	ui.registerFamily(s)
	ui.registerSupervision(s)
}

func (ui *UI) registerSignIn(s *server.Server) {
	s.Handle("GET /login", server.Public, ui.loginForm)
	s.Handle("POST /login", server.Public, ui.login)
	s.Handle("GET /login/verify", server.Pending, ui.verifyForm)
	s.Handle("POST /login/verify", server.Pending, ui.verify)
	s.Handle("GET /account/mfa", server.Pending, ui.enrolForm)
	s.Handle("POST /account/mfa", server.Pending, ui.enrol)
	s.Handle("POST /logout", server.Pending, ui.logout)
	s.Handle("GET /setup/{token}", server.Public, ui.setupForm)
	s.Handle("POST /setup/{token}", server.Public, ui.setup)
	s.Handle("GET /reset/{token}", server.Public, ui.resetForm)
	s.Handle("POST /reset/{token}", server.Public, ui.reset)
}

func (ui *UI) registerCases(s *server.Server) {
	s.Handle("GET /{$}", server.Staff, ui.home, server.Views("case"))
	s.Handle("GET /cases/new", server.Practitioner, ui.newCaseForm, server.Exempt("the empty form for a new case"))
	s.Handle("POST /cases", server.Practitioner, ui.createCase)
	s.Handle("GET /cases/{id}", server.CaseStaff, ui.showCase, server.Views("case"))
	s.Handle("GET /cases/{id}/edit", server.CaseStaff, ui.editCaseForm, server.Views("case"))
	s.Handle("POST /cases/{id}", server.CaseStaff, ui.updateCase)
	s.Handle("POST /cases/{id}/status", server.CaseStaff, ui.setCaseStatus)
	s.Handle("POST /cases/{id}/shares", server.CaseStaff, ui.shareCase)
	s.Handle("POST /cases/{id}/shares/{user}/remove", server.CaseStaff, ui.unshareCase)
	s.Handle("GET /recordings/{id}", server.CaseStaff, ui.showRecording, server.Views("recording"))
	s.Handle("GET /recordings/{id}/delete", server.CaseStaff, ui.confirmDeleteRecording, server.Views("recording"))
	s.Handle("POST /recordings/{id}/delete", server.CaseStaff, ui.deleteRecording)
	s.Handle("POST /recordings/{id}/cycle", server.CaseStaff, ui.moveRecording)
}

func (ui *UI) registerAdmin(s *server.Server) {
	s.Handle("GET /admin/users", server.Admin, ui.users)
	s.Handle("GET /admin/users/new", server.Admin, ui.newUserForm)
	s.Handle("POST /admin/users", server.Admin, ui.createUser)
	s.Handle("GET /admin/users/{id}", server.Admin, ui.showUser)
	s.Handle("POST /admin/users/{id}/{action}", server.Admin, ui.changeUser)
	s.Handle("GET /admin/audit", server.Admin, ui.auditLog)
	ui.registerSchemes(s)
}
