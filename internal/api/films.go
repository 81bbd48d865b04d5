package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/server"
)

func (a *API) registerFilms(s *server.Server) {
	s.Handle("POST /api/v1/cases/{id}/films", server.CaseStaff, a.createFilm)
	s.Handle("GET /api/v1/cases/{id}/films", server.CaseStaff, a.listFilms, server.Views("case"))
	s.Handle("GET /api/v1/films/{id}", server.CaseStaff, a.getFilm, server.Views("film"))
	s.Handle("GET /api/v1/films/{id}/status", server.CaseStaff, a.filmStatus, server.Exempt("a film's render progress: state and counts, no title, words or pictures"))
	s.Handle("PATCH /api/v1/films/{id}", server.CaseStaff, a.patchFilm)
	s.Handle("DELETE /api/v1/films/{id}", server.CaseStaff, a.deleteFilm)
	s.Handle("POST /api/v1/films/{id}/render", server.CaseStaff, a.renderFilm)
	s.Handle("POST /api/v1/films/{id}/render/cancel", server.CaseStaff, a.cancelRender)
	s.Handle("GET /api/v1/films/{id}/video", server.CaseStaff, a.filmVideo, server.Views("film"))
	s.Handle("PUT /api/v1/films/{id}/items/{item}/words", server.CaseStaff, a.putWords)
	s.Handle("PUT /api/v1/films/{id}/next-steps", server.CaseStaff, a.putNextSteps)
	s.Handle("PUT /api/v1/films/{id}/release", server.CaseStaff, a.putRelease)
}

type filmIn struct {
	Title   *string       `json:"title"`
	Items   *[]filmItemIn `json:"items"`
	Version *int          `json:"version"`
}

type filmItemIn struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Text    string   `json:"text"`
	Seconds *float64 `json:"seconds"`
	ClipID  string   `json:"clip_id"`
	StillID string   `json:"still_id"`
	Speed   *float64 `json:"speed"`
	Caption string   `json:"caption"`
}

func (in filmIn) input() films.Input {
	out := films.Input{Title: in.Title, Version: in.Version}
	if in.Items != nil {
		items := make([]films.ItemInput, len(*in.Items))
		for i, it := range *in.Items {
			items[i] = films.ItemInput{ID: it.ID, Kind: it.Kind, Text: it.Text, Seconds: it.Seconds, ClipID: it.ClipID,
				StillID: it.StillID, Speed: it.Speed, Caption: it.Caption}
		}
		out.Items = &items
	}
	return out
}

func (a *API) createFilm(w http.ResponseWriter, r *http.Request) {
	var in filmIn
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	f, err := a.Films.Create(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.input())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/films/"+f.ID)
	server.WriteJSON(w, http.StatusCreated, filmOut(f))
}

func (a *API) listFilms(w http.ResponseWriter, r *http.Request) {
	fs, err := a.Films.ForCase(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Films []filmJSON `json:"films"`
	}{Films: []filmJSON{}}
	for _, f := range fs {
		out.Films = append(out.Films, filmOut(f))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getFilm(w http.ResponseWriter, r *http.Request) {
	f, err := a.Films.Film(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, filmOut(f))
}

// filmStatus is the render state alone, for a progress bar to poll (not a
// viewing of the film, so not audited).
func (a *API) filmStatus(w http.ResponseWriter, r *http.Request) {
	f, err := a.Films.Status(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, statusOut(f))
}

func (a *API) patchFilm(w http.ResponseWriter, r *http.Request) {
	var in filmIn
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	f, err := a.Films.Update(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.input())
	var stale *films.StaleError
	if errors.As(err, &stale) {
		writeStale(w, stale)
		return
	}
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, filmOut(f))
}

// writeStale answers a change based on an old version: 409 with the film as it is now.
func writeStale(w http.ResponseWriter, e *films.StaleError) {
	var body struct {
		server.APIError
		Film filmJSON `json:"film"`
	}
	body.Error.Code, body.Error.Message = e.Err.Code, e.Err.Message
	body.Film = filmOut(e.Current)
	server.WriteJSON(w, http.StatusConflict, body)
}

func (a *API) deleteFilm(w http.ResponseWriter, r *http.Request) {
	if err := a.Films.Delete(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// renderFilm answers 202 whether it queued a render or one was already
// queued or running ("job": "started" or "existing"); never two jobs.
func (a *API) renderFilm(w http.ResponseWriter, r *http.Request) {
	f, started, err := a.Films.Render(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := statusOut(f)
	out.Job = "existing"
	if started {
		out.Job = "started"
	}
	w.Header().Set("Location", "/api/v1/films/"+f.ID+"/status")
	server.WriteJSON(w, http.StatusAccepted, out)
}

func (a *API) cancelRender(w http.ResponseWriter, r *http.Request) {
	f, err := a.Films.Cancel(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, statusOut(f))
}

// filmVideo streams the rendered film for playback (Range requests), or
// with ?download=1 sends it as an attachment when the service allows it.
// Every request is a viewing for the audit trail (one entry per viewer and
// window); every download is audited.
func (a *API) filmVideo(w http.ResponseWriter, r *http.Request) {
	download := r.URL.Query().Get("download") == "1"
	f, err := a.Films.OpenVideo(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), true, download)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", "video/mp4")
	h.Set("Cache-Control", "private, no-store")
	if download {
		h.Set("Content-Disposition", `attachment; filename="film.mp4"`)
	} else {
		h.Set("Content-Disposition", "inline")
	}
	serveReader(w, r, f.Reader, f.Info.CreatedAt)
}

func (a *API) putWords(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Words string `json:"words"`
	}
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	f, err := a.Films.SetWords(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.PathValue("item"), in.Words)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, savedOut{Words: f.Words[r.PathValue("item")], SavedAt: f.UpdatedAt})
}

func (a *API) putNextSteps(w http.ResponseWriter, r *http.Request) {
	var in struct {
		NextSteps string `json:"next_steps"`
	}
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	f, err := a.Films.SetNextSteps(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.NextSteps)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, savedOut{NextSteps: f.NextSteps, SavedAt: f.UpdatedAt})
}

type savedOut struct {
	Words     string    `json:"words,omitempty"`
	NextSteps string    `json:"next_steps,omitempty"`
	SavedAt   time.Time `json:"saved_at"`
}

func (a *API) putRelease(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Released *bool `json:"released"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Released == nil {
		server.WriteError(w, r, required("released"))
		return
	}
	f, err := a.Films.Release(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), *in.Released)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, filmOut(f))
}
