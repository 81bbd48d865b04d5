package web

import (
	"encoding/json"
	"net/http"

	"github.com/attune-vig/attune/internal/analysis"
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
	Participants string               // JSON: [{"id","name"}]
	Coding       *analysis.CodingView // the caller's own second coding, or nil for the main coding
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
		redirect(w, r, "/cases/"+rec.CaseID, "That recording isn't ready to analyse yet: it opens in the workspace once it has been processed.")
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
	coding, ok := ui.workspaceCoding(w, r, rec)
	if !ok {
		return
	}
	v.Coding = coding
	ui.render(w, r, http.StatusOK, "workspace", View{Title: "Workspace · " + rec.Filename, Nav: "caseload", Data: v})
}

// workspaceCoding is the second coding the workspace opens (?coding=): the
// caller's own, not yet done. Someone coding this film blind who opens the
// main coding is taken to their own instead.
func (ui *UI) workspaceCoding(w http.ResponseWriter, r *http.Request, rec *domain.Recording) (*analysis.CodingView, bool) {
	a := server.IdentityOf(r).Actor()
	want := r.URL.Query().Get("coding")
	all, err := ui.Analysis.Codings(r.Context(), a, rec.ID)
	if err != nil {
		ui.fail(w, r, err)
		return nil, false
	}
	for i, c := range all {
		if !c.Mine {
			continue
		}
		if c.Coding.ID == want || (want == "" && !c.Coding.Revealed()) {
			if !c.Coding.DoneAt.IsZero() {
				redirect(w, r, "/recordings/"+rec.ID, "You marked your second coding done, so it can't change now.")
				return nil, false
			}
			return &all[i], true
		}
	}
	if want != "" {
		redirect(w, r, "/recordings/"+rec.ID, "That coding isn't yours to code. The recording's page lists the codings you can open.")
		return nil, false
	}
	return nil, true
}
