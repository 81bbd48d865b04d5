package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

// registerAnalysis adds the micro-analysis routes: coding schemes,
// annotations (with their changes feed and exports), clips and stills.
func (a *API) registerAnalysis(s *server.Server) {
	s.Handle("GET /api/v1/schemes", server.Staff, a.listSchemes, server.Exempt("coding schemes: the service's codes, no family's material"))
	s.Handle("POST /api/v1/schemes", server.Admin, a.createScheme)
	s.Handle("GET /api/v1/schemes/{id}", server.Staff, a.getScheme, server.Exempt("coding schemes: the service's codes, no family's material"))
	s.Handle("PUT /api/v1/schemes/{id}", server.Admin, a.putScheme)
	s.Handle("PUT /api/v1/recordings/{id}/scheme", server.CaseStaff, a.chooseScheme)
	s.Handle("POST /api/v1/recordings/{id}/annotations", server.CaseStaff, a.createAnnotation)
	s.Handle("GET /api/v1/recordings/{id}/annotations", server.CaseStaff, a.listAnnotations, server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/annotations/changes", server.CaseStaff, a.annotationChanges, server.Views("recording"))
	s.Handle("GET /api/v1/annotations/{id}", server.CaseStaff, a.getAnnotation, server.Views("annotation"))
	s.Handle("PATCH /api/v1/annotations/{id}", server.CaseStaff, a.patchAnnotation)
	s.Handle("DELETE /api/v1/annotations/{id}", server.CaseStaff, a.deleteAnnotation)
	s.Handle("GET /api/v1/recordings/{id}/annotations.csv", server.CaseStaff, a.exportCoding("csv"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/annotations.vtt", server.CaseStaff, a.exportCoding("vtt"), server.Views("recording"))
	s.Handle("GET /api/v1/recordings/{id}/annotations.eaf", server.CaseStaff, a.exportCoding("eaf"), server.Views("recording"))
	s.Handle("POST /api/v1/recordings/{id}/annotations.csv", server.CaseStaff, a.importCoding)
	s.AllowLargeBody("POST", "/annotations.csv", MaxCodingCSV)
	s.Handle("POST /api/v1/recordings/{id}/clips", server.CaseStaff, a.createClip)
	s.Handle("GET /api/v1/recordings/{id}/clips", server.CaseStaff, a.listClips, server.Views("recording"))
	s.Handle("GET /api/v1/clips/{id}", server.CaseStaff, a.getClip, server.Views("clip"))
	s.Handle("PATCH /api/v1/clips/{id}", server.CaseStaff, a.patchClip)
	s.Handle("DELETE /api/v1/clips/{id}", server.CaseStaff, a.deleteClip)
	s.Handle("POST /api/v1/recordings/{id}/stills", server.CaseStaff, a.createStill)
	s.Handle("GET /api/v1/recordings/{id}/stills", server.CaseStaff, a.listStills, server.Views("recording"))
	s.Handle("GET /api/v1/stills/{id}", server.CaseStaff, a.getStill, server.Views("still"))
	s.Handle("GET /api/v1/stills/{id}/image", server.CaseStaff, a.stillImage, server.Views("still"))
	s.Handle("DELETE /api/v1/stills/{id}", server.CaseStaff, a.deleteStill)
	a.registerClipVideo(s)
}

type schemeJSON struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	IsDefault bool          `json:"is_default"`
	Codes     []domain.Code `json:"codes"`
	Version   int           `json:"version"`
	UpdatedAt time.Time     `json:"updated_at"`
}

func schemeOut(s *domain.Scheme) schemeJSON {
	return schemeJSON{ID: s.ID, Name: s.Name, IsDefault: s.IsDefault, Codes: s.Codes, Version: s.Version, UpdatedAt: s.UpdatedAt}
}

type schemeIn struct {
	Name    *string       `json:"name"`
	Codes   []domain.Code `json:"codes"`
	Version *int          `json:"version"`
}

func (a *API) listSchemes(w http.ResponseWriter, r *http.Request) {
	all, err := a.Analysis.Schemes(r.Context())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Schemes []schemeJSON `json:"schemes"`
	}{Schemes: []schemeJSON{}}
	for _, s := range all {
		out.Schemes = append(out.Schemes, schemeOut(s))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getScheme(w http.ResponseWriter, r *http.Request) {
	s, err := a.Analysis.Scheme(r.Context(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, schemeOut(s))
}

// readScheme reads a scheme from the body, answering the error itself.
func readScheme(w http.ResponseWriter, r *http.Request) (schemeIn, bool) {
	var in schemeIn
	err := decode(r, &in)
	if err == nil && in.Name == nil {
		err = required("name")
	}
	if err != nil {
		server.WriteError(w, r, err)
		return in, false
	}
	return in, true
}

func (a *API) createScheme(w http.ResponseWriter, r *http.Request) {
	in, ok := readScheme(w, r)
	if !ok {
		return
	}
	s, err := a.Analysis.CreateScheme(r.Context(), server.IdentityOf(r).Actor(), *in.Name, in.Codes)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/schemes/"+s.ID)
	server.WriteJSON(w, http.StatusCreated, schemeOut(s))
}

func (a *API) putScheme(w http.ResponseWriter, r *http.Request) {
	in, ok := readScheme(w, r)
	if !ok {
		return
	}
	s, err := a.Analysis.UpdateScheme(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), *in.Name, in.Codes, in.Version)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, schemeOut(s))
}

// decodeMoment is decode for the bodies that carry a note or caption: a
// body over the request limit is almost always an overlong text, so the
// message says what the limit of a note is.
func decodeMoment(r *http.Request, v any) error {
	err := decode(r, v)
	var e *domain.Error
	if errors.As(err, &e) && e.Code == domain.ETOOLARGE {
		return &domain.Error{Code: domain.ETOOLARGE, Field: "note", Message: "The request is over 1 MB. A note can hold at most 4,000 characters and a caption 2,000: shorten the text and send it again."}
	}
	return err
}
