package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

type stillJSON struct {
	ID          string    `json:"id"`
	RecordingID string    `json:"recording_id"`
	Frame       int       `json:"frame"`
	Caption     string    `json:"caption"`
	Status      string    `json:"status"`
	Error       string    `json:"error,omitempty"`
	Width       int       `json:"width,omitempty"`
	Height      int       `json:"height,omitempty"`
	ImageURL    string    `json:"image_url,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

func stillOut(s *domain.Still) stillJSON {
	out := stillJSON{ID: s.ID, RecordingID: s.RecordingID, Frame: s.Frame, Caption: s.Caption, Status: s.Status, Error: s.Error,
		Width: s.Width, Height: s.Height, CreatedAt: s.CreatedAt}
	if s.Status == domain.StillReady {
		out.ImageURL = "/api/v1/stills/" + s.ID + "/image"
	}
	return out
}

func (a *API) createStill(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Frame   *int   `json:"frame"`
		Caption string `json:"caption"`
	}
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	st, err := a.Analysis.CreateStill(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.Frame, in.Caption)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/stills/"+st.ID)
	server.WriteJSON(w, http.StatusCreated, stillOut(st))
}

func (a *API) listStills(w http.ResponseWriter, r *http.Request) {
	all, err := a.Analysis.Stills(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Stills []stillJSON `json:"stills"`
	}{Stills: []stillJSON{}}
	for _, s := range all {
		out.Stills = append(out.Stills, stillOut(s))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getStill(w http.ResponseWriter, r *http.Request) {
	st, err := a.Analysis.Still(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, stillOut(st))
}

// stillImage serves the still's PNG, decrypting it as it is sent.
func (a *API) stillImage(w http.ResponseWriter, r *http.Request) {
	f, err := a.Analysis.OpenStillImage(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", f.Info.CreatedAt, f)
}

func (a *API) deleteStill(w http.ResponseWriter, r *http.Request) {
	if err := a.Analysis.DeleteStill(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
