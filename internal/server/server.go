package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/domain"
)

// Config is what the router needs to know about how it is served.
type Config struct {
	TLS        bool // served over HTTPS (directly or behind a proxy): Secure cookies and HSTS
	TrustProxy bool // take the client address from X-Forwarded-For
	// MetricsToken, if set, is the bearer token /metrics asks for; without
	// it /metrics answers only requests made on this machine, not through a proxy.
	MetricsToken string
	// ViewWindow: one viewer's requests for one path within it are one
	// viewing, audited once; 0 audits every answer.
	ViewWindow time.Duration
}

// Server is the router with its middleware.
type Server struct {
	cfg      Config
	accounts *accounts.Service
	mux      *http.ServeMux
	routes   []Route
	large    []largeBody // routes allowed a bigger body than maxBody
	metrics  *metrics
	family   FamilyAuthenticator // parents' device sessions (family.go)
	trail    Trail               // the audit trail of viewings and refusals (trail.go)
	caseOf   CaseOf              // names the case of a record in the router's entries
	seen     *debouncer          // viewings and refusals recorded in the last window
	viewsOff atomic.Bool         // only the audit-cost bench sets it
	Log      *slog.Logger
	// Denied renders a refusal for a browser (the web package sets it).
	Denied func(w http.ResponseWriter, r *http.Request, id *Identity, status int)
}

// New makes an empty router.
func New(cfg Config, acc *accounts.Service, log *slog.Logger) *Server {
	return &Server{cfg: cfg, accounts: acc, mux: http.NewServeMux(), metrics: newMetrics(), Log: log, seen: newDebouncer(cfg.ViewWindow)}
}

// CookieName is the session cookie's name: __Host- prefixed when served over TLS.
func (s *Server) CookieName() string {
	if s.cfg.TLS {
		return "__Host-attune_session"
	}
	return "attune_session"
}

// SecureCookies tells whether cookies must carry the Secure flag.
func (s *Server) SecureCookies() bool { return s.cfg.TLS }

// Handle registers a route. A route without a policy is a programming error
// and stops the server before it serves anything. Options declare what the
// route returns (Views, Exempt); refusals on the case record its {id} names
// are audited whatever the options.
func (s *Server) Handle(pattern string, p Policy, h http.HandlerFunc, opts ...RouteOption) {
	if _, ok := policyNames[p]; !ok {
		panic(fmt.Sprintf("route %q has no policy: every route must declare who may call it", pattern))
	}
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic(fmt.Sprintf("route %q must name its method", pattern))
	}
	rt := Route{Method: method, Path: path, Policy: p, Object: recordKind(path)}
	for _, o := range opts {
		o(&rt)
	}
	s.routes = append(s.routes, rt)
	s.mux.Handle(pattern, s.guard(&rt, h))
}

// Routes lists every registered route, sorted, for tests and documentation.
func (s *Server) Routes() []Route {
	out := append([]Route(nil), s.routes...)
	sort.Slice(out, func(i, j int) bool { return out[i].Path+out[i].Method < out[j].Path+out[j].Method })
	return out
}

// guard identifies the caller and enforces the route's policy; on routes
// that return case content or name a case record it keeps the audit trail.
func (s *Server) guard(rt *Route, h http.HandlerFunc) http.Handler {
	api := strings.HasPrefix(rt.Path, "/api/")
	audited := rt.Views || rt.Object != ""
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.identify(r)
		r = withIdentity(r, id)
		if rt.Policy.permits(id) {
			if err := badText(r); err != nil {
				s.refuseText(w, r, api, err)
				return
			}
			if audited {
				s.serveAudited(rt, w, r, id, h)
				return
			}
			h(w, r)
			return
		}
		status := http.StatusForbidden
		if id.User == nil {
			status = http.StatusUnauthorized
		}
		defer s.refused(context.WithoutCancel(r.Context()), rt, r, id, status)
		if api || s.Denied == nil {
			s.deniedJSON(w, r, status)
			return
		}
		s.Denied(w, r, id, status)
	})
}

// refuseText answers a request whose text can't be stored: the API's JSON
// error, or a short page for a browser.
func (s *Server) refuseText(w http.ResponseWriter, r *http.Request, api bool, err error) {
	if api {
		WriteError(w, r, err)
		return
	}
	http.Error(w, domain.ErrorMessage(err), Status(err))
}

func (s *Server) deniedJSON(w http.ResponseWriter, r *http.Request, status int) {
	var body APIError
	if status == http.StatusUnauthorized {
		body.Error.Code = "unauthorized"
		body.Error.Message = "Sign in first: send an API token as `Authorization: Bearer <token>` (make one with `attune token create`)."
	} else {
		body.Error.Code = "forbidden"
		body.Error.Message = "Your account's role can't do this. Ask your administrator if you need it."
	}
	WriteJSON(w, status, body)
}

// Handler is the whole server: middleware around the routes.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusForbidden, map[string]any{"error": map[string]string{"code": "forbidden",
			"message": "This request came from another site and was refused. Open attune directly and try again."}})
	}))
	var h http.Handler = s.mux
	h = cop.Handler(h)
	h = s.limitBodies(h)
	h = s.headers(h)
	h = s.observe(h)
	h = s.withLogger(h)
	return s.recoverPanics(h)
}
