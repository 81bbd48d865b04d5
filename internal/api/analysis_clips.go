package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

type clipJSON struct {
	ID           string    `json:"id"`
	RecordingID  string    `json:"recording_id"`
	StartFrame   int       `json:"start_frame"`
	EndFrame     int       `json:"end_frame"`
	Title        string    `json:"title"`
	Caption      string    `json:"caption"`
	Codes        []string  `json:"codes"`
	GoalID       string    `json:"goal_id"`
	WorkingPoint bool      `json:"working_point"`
	Position     int       `json:"position"`
	Status       string    `json:"status"`
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	clipExportJSON
}

func clipOut(c *domain.Clip) clipJSON {
	codes := c.Codes
	if codes == nil {
		codes = []string{}
	}
	return clipJSON{ID: c.ID, RecordingID: c.RecordingID, StartFrame: c.StartFrame, EndFrame: c.EndFrame, Title: c.Title,
		Caption: c.Caption, Codes: codes, GoalID: c.GoalID, WorkingPoint: c.WorkingPoint, Position: c.Position, Status: clipStatus(c),
		Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, clipExportJSON: clipExportOut(c)}
}

type clipIn struct {
	StartFrame   *int      `json:"start_frame"`
	EndFrame     *int      `json:"end_frame"`
	Title        *string   `json:"title"`
	Caption      *string   `json:"caption"`
	Codes        *[]string `json:"codes"`
	GoalID       *string   `json:"goal_id"`
	WorkingPoint *bool     `json:"working_point"`
	Position     *int      `json:"position"`
	Version      *int      `json:"version"`
}

func (in clipIn) input() analysis.ClipInput {
	return analysis.ClipInput{StartFrame: in.StartFrame, EndFrame: in.EndFrame, Title: in.Title, Caption: in.Caption, Codes: in.Codes,
		GoalID: in.GoalID, WorkingPoint: in.WorkingPoint, Position: in.Position, Version: in.Version}
}

func (a *API) createClip(w http.ResponseWriter, r *http.Request) {
	var in clipIn
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Position != nil || in.Version != nil {
		server.WriteError(w, r, domain.FieldError("position", "A new clip goes after the others and has no version yet; move it with PATCH."))
		return
	}
	c, err := a.Analysis.CreateClip(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.input())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/clips/"+c.ID)
	server.WriteJSON(w, http.StatusCreated, clipOut(c))
}

func (a *API) listClips(w http.ResponseWriter, r *http.Request) {
	cs, err := a.Analysis.Clips(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Clips []clipJSON `json:"clips"`
	}{Clips: []clipJSON{}}
	for _, c := range cs {
		out.Clips = append(out.Clips, clipOut(c))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getClip(w http.ResponseWriter, r *http.Request) {
	c, err := a.Analysis.Clip(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, clipOut(c))
}

func (a *API) patchClip(w http.ResponseWriter, r *http.Request) {
	var in clipIn
	if err := decodeMoment(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	c, err := a.Analysis.UpdateClip(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.input())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, clipOut(c))
}

func (a *API) deleteClip(w http.ResponseWriter, r *http.Request) {
	if err := a.Analysis.DeleteClip(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
