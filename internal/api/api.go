// Package api is the JSON API under /api/v1, for programs with a bearer token.
// Each handler reads top to bottom: parse, call the domain (which authorizes),
// render.
package api

import (
	"net/http"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/moments"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/retention"
	"github.com/attune-vig/attune/internal/server"
)

// API holds the services the handlers call.
type API struct {
	Accounts   *accounts.Service
	Cases      *casework.Service
	Recordings *recordings.Service
	Analysis   *analysis.Service
	Lifecycle  *lifecycle.Service
	Films      *films.Service
	// Questionnaires are the outcome measures.
	Questionnaires *questionnaires.Service
	// Retention is the data-protection rules (dataprotection.go).
	Retention *retention.Service
	// Moments is the moment finder's results (moments.go).
	Moments *moments.Service
}

// OpenAPI returns the OpenAPI 3.1 document of the whole API.
func OpenAPI() []byte { return openAPI }

// Register adds the API's routes, each with its policy.
func (a *API) Register(s *server.Server) {
	s.Handle("GET /api/v1/openapi.json", server.Public, serveOpenAPI)
	s.Handle("GET /api/v1/me", server.Staff, a.me, server.Exempt("the caller's own account"))
	s.Handle("GET /api/v1/cases", server.CaseStaff, a.listCases, server.Views("case"))
	s.Handle("POST /api/v1/cases", server.Practitioner, a.createCase)
	s.Handle("GET /api/v1/cases/{id}", server.CaseStaff, a.getCase, server.Views("case"))
	s.Handle("PATCH /api/v1/cases/{id}", server.CaseStaff, a.patchCase)
	s.Handle("POST /api/v1/cases/{id}/shares", server.CaseStaff, a.shareCase)
	s.Handle("DELETE /api/v1/cases/{id}/shares/{user}", server.CaseStaff, a.unshareCase)
	a.registerRecordings(s)
	a.registerAnalysis(s)
	a.registerCodings(s)
	a.registerLifecycle(s)
	a.registerFilms(s)
	a.registerQuestionnaires(s)
	a.registerDataProtection(s)
	a.registerSupervision(s)
	a.registerMoments(s)
}

func (a *API) registerRecordings(s *server.Server) {
	s.Handle("POST /api/v1/cases/{id}/recordings", server.CaseStaff, a.createRecording)
	s.Handle("GET /api/v1/cases/{id}/recordings", server.CaseStaff, a.listRecordings, server.Views("case"))
	s.Handle("GET /api/v1/recordings/{id}", server.CaseStaff, a.getRecording, server.Views("recording"))
	s.Handle("DELETE /api/v1/recordings/{id}", server.CaseStaff, a.deleteRecording)
	s.Handle("GET /api/v1/recordings/{id}/video", server.CaseStaff, a.recordingFile(domain.FilePlayback, "video/mp4"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/frames", server.CaseStaff, a.recordingFile(domain.FileFrames, "application/json"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/poster", server.CaseStaff, a.recordingFile(domain.FilePoster, "image/jpeg"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/storyboard", server.CaseStaff, a.recordingFile(domain.FileStoryboard, "image/jpeg"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/storyboard.json", server.CaseStaff, a.recordingFile(domain.FileStoryboardIndex, "application/json"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/waveform", server.CaseStaff, a.recordingFile(domain.FileWaveform, "application/json"), server.Views("recording"))
}

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	u := server.IdentityOf(r).User
	server.WriteJSON(w, http.StatusOK, map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "role": u.Role})
}
