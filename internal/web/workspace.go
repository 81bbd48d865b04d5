package web

import (
	"encoding/json"
	"net/http"

	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

// registerWorkspace adds the micro-analysis workspace of a film.
func (ui *UI) registerWorkspace(s *server.Server) {
	s.Handle("GET /recordings/{id}/workspace", server.CaseStaff, ui.workspace, server.Views("recording"))
}

// workspaceView is what the workspace page needs to start its scripts; the
// rest (frame table, scheme, annotations) they fetch from the API.
type workspaceView struct {
	Recording    *domain.Recording
	Participants string // JSON: [{"id","name"}]
}

type participantJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// workspace shows a ready film in the micro-analysis workspace.
func (ui *UI) workspace(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	rec, err := ui.Recordings.Get(r.Context(), a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if rec.Status != domain.RecordingReady {
		redirect(w, r, "/cases/"+rec.CaseID, "That film isn't ready to analyse yet: it opens in the workspace once it has been processed.")
		return
	}
	c, err := ui.Cases.Get(r.Context(), a, rec.CaseID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ps := make([]participantJSON, 0, len(c.Participants))
	for _, p := range c.Participants {
		ps = append(ps, participantJSON{ID: p.ID, Name: casework.DisplayName(c, p)})
	}
	js, _ := json.Marshal(ps)
	v := workspaceView{Recording: rec, Participants: string(js)}
	ui.render(w, r, http.StatusOK, "workspace", View{Title: "Workspace · " + rec.Filename, Nav: "caseload", Data: v})
}
