package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

type recordingJSON struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	Filename   string    `json:"filename"`
	Size       int64     `json:"size"`
	Status     string    `json:"status"`
	Progress   float64   `json:"progress"`
	Error      string    `json:"error,omitempty"`
	DurationMS int64     `json:"duration_ms"`
	FrameCount int       `json:"frame_count"`
	FPS        float64   `json:"fps"`
	Width      int       `json:"width"`
	Height     int       `json:"height"`
	UploadURL  string    `json:"upload_url,omitempty"`
	Cycle      int       `json:"cycle,omitempty"`
	SchemeID   string    `json:"scheme_id"`
	CreatedAt  time.Time `json:"created_at"`
}

func recordingOut(r *domain.Recording) recordingJSON {
	out := recordingJSON{ID: r.ID, CaseID: r.CaseID, Filename: r.Filename, Size: r.Size, Status: r.Status, Progress: r.Progress,
		Error: r.Error, DurationMS: r.DurationMS, FrameCount: r.FrameCount, FPS: r.FPS, Width: r.Width, Height: r.Height, CreatedAt: r.CreatedAt,
		Cycle: r.Cycle, SchemeID: r.SchemeID}
	if r.Status == domain.RecordingUploading {
		out.UploadURL = UploadPath + r.ID
	}
	return out
}

// UploadPath is where the tus upload resources live.
const UploadPath = server.UploadPrefix

func (a *API) createRecording(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Filename *string `json:"filename"`
		Size     *int64  `json:"size"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Size == nil {
		server.WriteError(w, r, required("size"))
		return
	}
	name := ""
	if in.Filename != nil {
		name = *in.Filename
	}
	rec, err := a.Recordings.Create(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), name, *in.Size)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/recordings/"+rec.ID)
	server.WriteJSON(w, http.StatusCreated, recordingOut(rec))
}

func (a *API) listRecordings(w http.ResponseWriter, r *http.Request) {
	recs, err := a.Recordings.ForCase(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Recordings []recordingJSON `json:"recordings"`
	}{Recordings: []recordingJSON{}}
	for _, rec := range recs {
		out.Recordings = append(out.Recordings, recordingOut(rec))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getRecording(w http.ResponseWriter, r *http.Request) {
	rec, err := a.Recordings.Get(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, recordingOut(rec))
}

func (a *API) deleteRecording(w http.ResponseWriter, r *http.Request) {
	if err := a.Recordings.Delete(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// recordingFile serves one of a recording's files, decrypting only the
// ranges asked for. Permission is checked on every request, so revoking
// access stops playback at the next range. Every request is a viewing for
// the audit trail, whatever its Range; the router keeps the trail to one
// entry per viewer, file and window (server.Views).
func (a *API) recordingFile(kind, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, err := a.Recordings.Open(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), kind, true)
		if err != nil {
			server.WriteError(w, r, err)
			return
		}
		defer f.Close()
		ct := f.Info.ContentType
		if ct == "" {
			ct = contentType
		}
		w.Header().Set("Content-Type", ct)
		serveFile(w, r, f, f.Info.CreatedAt)
	}
}
