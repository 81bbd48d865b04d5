// Package api is the JSON API under /api/v1, for programs with a bearer token.
// Each handler reads top to bottom: parse, call the domain (which authorizes),
// render.
package api

import (
	_ "embed"
	"net/http"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/server"
)

// API holds the services the handlers call.
type API struct {
	Accounts *accounts.Service
	Cases    *casework.Service
}

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the OpenAPI 3.1 document of the whole API.
func OpenAPI() []byte { return openAPI }

// Register adds the API's routes, each with its policy.
func (a *API) Register(s *server.Server) {
	s.Handle("GET /api/v1/openapi.json", server.Public, serveOpenAPI)
	s.Handle("GET /api/v1/me", server.Staff, a.me)
	s.Handle("GET /api/v1/cases", server.CaseStaff, a.listCases)
	s.Handle("POST /api/v1/cases", server.Practitioner, a.createCase)
	s.Handle("GET /api/v1/cases/{id}", server.CaseStaff, a.getCase)
	s.Handle("PATCH /api/v1/cases/{id}", server.CaseStaff, a.patchCase)
	s.Handle("POST /api/v1/cases/{id}/shares", server.CaseStaff, a.shareCase)
	s.Handle("DELETE /api/v1/cases/{id}/shares/{user}", server.CaseStaff, a.unshareCase)
}

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	u := server.IdentityOf(r).User
	server.WriteJSON(w, http.StatusOK, map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "role": u.Role})
}
