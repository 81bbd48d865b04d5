package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/supervision"
)

// registerSupervision adds supervision on video and the accreditation log
// (openapi_supervision.json). Shared material is checked on every request,
// its video's Range requests included.
func (a *API) registerSupervision(s *server.Server) {
	s.Handle("GET /api/v1/supervision/links", server.Staff, a.supLinks, server.Exempt("who supervises whom: accounts, no family's material"))
	s.Handle("POST /api/v1/supervision/links", server.Admin, a.supLink)
	s.Handle("DELETE /api/v1/supervision/links/{supervisor}/{trainee}", server.Admin, a.supUnlink)
	s.Handle("PUT /api/v1/recordings/{id}/review-video", server.Practitioner, a.supMarkReview)
	s.Handle("GET /api/v1/supervision/shares", server.CaseStaff, a.supShares, server.Views("material_share"))
	s.Handle("POST /api/v1/supervision/shares", server.Practitioner, a.supShare)
	s.Handle("GET /api/v1/supervision/shares/{id}", server.CaseStaff, a.supMaterial, server.Views("material_share"))
	s.Handle("DELETE /api/v1/supervision/shares/{id}", server.CaseStaff, a.supWithdraw)
	s.Handle("GET /api/v1/supervision/shares/{id}/video", server.CaseStaff, a.supVideo, server.Views("material_share"))
	s.Handle("GET /api/v1/supervision/shares/{id}/frames", server.CaseStaff, a.supFrames, server.Views("material_share"))
	s.Handle("GET /api/v1/supervision/shares/{id}/comments", server.CaseStaff, a.supComments, server.Views("material_share"))
	s.Handle("POST /api/v1/supervision/shares/{id}/comments", server.CaseStaff, a.supComment)
	s.Handle("PUT /api/v1/supervision/shares/{id}/comments/{comment}/discuss", server.CaseStaff, a.supDiscuss)
	s.Handle("GET /api/v1/supervision/sessions", server.CaseStaff, a.supTimeline, server.Views("supervision_session"))
	s.Handle("POST /api/v1/supervision/sessions", server.CaseStaff, a.supRecordSession)
	a.registerAccreditation(s)
}

// sup is the supervision service, made over the recording and film services.
func (a *API) sup() *supervision.Service { return supervision.New(a.Recordings, a.Films) }

func (a *API) supLinks(w http.ResponseWriter, r *http.Request) {
	links, err := a.sup().Links(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Links []linkJSON `json:"links"`
	}{Links: []linkJSON{}}
	for _, l := range links {
		out.Links = append(out.Links, linkJSON{l.SupervisorID, l.SupervisorName, l.TraineeID, l.TraineeName})
	}
	server.WriteJSON(w, http.StatusOK, out)
}

type linkJSON struct {
	SupervisorID   string `json:"supervisor_id"`
	SupervisorName string `json:"supervisor_name"`
	TraineeID      string `json:"trainee_id"`
	TraineeName    string `json:"trainee_name"`
}

func (a *API) supLink(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SupervisorID string `json:"supervisor_id"`
		TraineeID    string `json:"trainee_id"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if err := a.sup().Link(r.Context(), server.IdentityOf(r).Actor(), in.SupervisorID, in.TraineeID); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) supUnlink(w http.ResponseWriter, r *http.Request) {
	if err := a.sup().Unlink(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("supervisor"), r.PathValue("trainee")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) supMarkReview(w http.ResponseWriter, r *http.Request) {
	if err := a.sup().MarkReview(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) supShares(w http.ResponseWriter, r *http.Request) {
	mine, withMe, err := a.sup().Shares(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, map[string][]materialShareJSON{"mine": sharesOut(mine), "with_me": sharesOut(withMe)})
}

func (a *API) supShare(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Kind         string     `json:"kind"`
		MaterialID   string     `json:"material_id"`
		SupervisorID string     `json:"supervisor_id"`
		Note         string     `json:"note"`
		ExpiresAt    *time.Time `json:"expires_at"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	m, err := a.sup().Share(r.Context(), server.IdentityOf(r).Actor(), supervision.ShareInput{Kind: in.Kind, MaterialID: in.MaterialID,
		SupervisorID: in.SupervisorID, Note: in.Note, ExpiresAt: in.ExpiresAt})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/supervision/shares/"+m.ID)
	server.WriteJSON(w, http.StatusCreated, materialShareOut(m))
}

func (a *API) supMaterial(w http.ResponseWriter, r *http.Request) {
	m, err := a.sup().Material(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, materialOut(m))
}

func (a *API) supWithdraw(w http.ResponseWriter, r *http.Request) {
	if err := a.sup().Withdraw(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// supVideo serves shared material's video; the share and the family's
// consent are checked on this request, so an ended share stops playback at
// the next Range request.
func (a *API) supVideo(w http.ResponseWriter, r *http.Request) {
	v, err := a.sup().OpenVideo(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), true)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	defer v.Close()
	w.Header().Set("Content-Type", v.ContentType)
	serveReader(w, r, v.Reader, v.ModTime)
}

func (a *API) supFrames(w http.ResponseWriter, r *http.Request) {
	v, err := a.sup().Frames(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	defer v.Close()
	w.Header().Set("Content-Type", v.ContentType)
	serveReader(w, r, v.Reader, v.ModTime)
}
