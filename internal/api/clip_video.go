package api

import (
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

// registerClipVideo adds the route of a clip's exported MP4.
func (a *API) registerClipVideo(s *server.Server) {
	s.Handle("GET /api/v1/clips/{id}/video", server.CaseStaff, a.clipVideo, server.Views("clip"))
}

// clipVideo serves the clip's MP4 with Range support, decrypting as it is
// sent. Access is checked on every request, and every request is a viewing
// (the router keeps the trail to one entry per viewer and window). 409
// while the export is not ready.
func (a *API) clipVideo(w http.ResponseWriter, r *http.Request) {
	f, err := a.Analysis.OpenClipVideo(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), true)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "video/mp4")
	w.Header().Set("Cache-Control", "private, no-store")
	serveFile(w, r, f, f.Info.CreatedAt)
}

// clipExportJSON is the state of a clip's MP4, inlined in the clip.
type clipExportJSON struct {
	ExportStatus   string  `json:"export_status,omitempty"` // queued, exporting, ready, failed; absent before any
	ExportProgress float64 `json:"export_progress"`
	ExportError    string  `json:"export_error,omitempty"`
	VideoURL       string  `json:"video_url,omitempty"`
}

// clipExportOut reports the export; an export made from other edges than
// the clip's (a change not yet picked up) counts as queued.
func clipExportOut(c *domain.Clip) clipExportJSON {
	e := c.Export
	switch {
	case e == nil:
		return clipExportJSON{}
	case e.Current(c):
		return clipExportJSON{ExportStatus: e.Status, ExportProgress: 1, VideoURL: "/api/v1/clips/" + c.ID + "/video"}
	case e.Status == domain.ClipExportReady:
		return clipExportJSON{ExportStatus: domain.ClipExportQueued}
	}
	return clipExportJSON{ExportStatus: e.Status, ExportProgress: e.Progress, ExportError: e.Error}
}

// clipStatus is the clip's status: "ready" once its MP4 is ready and current.
func clipStatus(c *domain.Clip) string {
	if c.Export.Current(c) {
		return domain.ClipExportReady
	}
	return c.Status
}
