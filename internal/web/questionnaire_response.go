package web

import (
	"net/http"

	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) registerQuestionnaireResponse(s *server.Server) {
	s.Handle("GET /responses/{id}", server.CaseStaff, ui.showResponse, server.Views("response"))
}

// showResponse is a completed questionnaire's answers for the guider, with
// the answers the time before; opening it is audited.
func (ui *UI) showResponse(w http.ResponseWriter, r *http.Request) {
	v, err := ui.Questionnaires.Response(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "q_response", View{Title: v.Instrument.Title + ": answers", Nav: "caseload", Data: v})
}
