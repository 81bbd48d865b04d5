package web

import (
	"bytes"
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

// registerMoments adds the case page's card of the moment finder's figures
// (loaded into the page like the films card) and hiding it per case.
func (ui *UI) registerMoments(s *server.Server) {
	s.Handle("GET /cases/{id}/moments/card", server.CaseStaff, ui.momentsCard, server.Views("case"))
	s.Handle("POST /cases/{id}/moments/visibility", server.CaseStaff, ui.momentsVisibility)
}

func (ui *UI) momentsCard(w http.ResponseWriter, r *http.Request) {
	if ui.Moments == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	card, err := ui.Moments.CaseCard(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		http.Error(w, domain.ErrorMessage(err), server.Status(err))
		return
	}
	var buf bytes.Buffer
	if err := ui.pages["case"].t.ExecuteTemplate(&buf, "case-moments", card); err != nil {
		server.LogError(r, err)
		http.Error(w, "The figures from the sound couldn't be shown. Reload the page.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// momentsVisibility hides or shows the figures on the case page.
func (ui *UI) momentsVisibility(w http.ResponseWriter, r *http.Request) {
	caseID := r.PathValue("id")
	hide := r.PostFormValue("hidden") == "1"
	if err := ui.Moments.SetHidden(r.Context(), server.IdentityOf(r).Actor(), caseID, hide); err != nil {
		ui.caseWithProblem(w, r, caseID, server.Status(err), domain.ErrorMessage(err))
		return
	}
	msg := "The figures from the sound are shown on this case again."
	if hide {
		msg = "The figures from the sound are hidden on this case. You can show them again from the same place."
	}
	redirect(w, r, "/cases/"+caseID+"#moments", msg)
}
