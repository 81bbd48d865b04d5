package web

import (
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

type recordingView struct {
	Recording *domain.Recording
	CanDelete bool
	IsOwner   bool                  // the case's owner: the main coding is theirs
	Codings   []analysis.CodingView // second codings the caller may know of
	Coding    *Form                 // starting a second coding
	Import    *Form                 // importing another coder's file
}

func (ui *UI) showRecording(w http.ResponseWriter, r *http.Request) {
	ui.renderRecording(w, r, http.StatusOK, nil, nil)
}

// renderRecording shows a film's page; f (starting a second coding) or imp
// (importing one) carries a refused action's reason.
func (ui *UI) renderRecording(w http.ResponseWriter, r *http.Request, status int, f, imp *Form) {
	id := server.IdentityOf(r)
	rec, err := ui.Recordings.Get(r.Context(), id.Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if rec.Status != domain.RecordingReady {
		redirect(w, r, "/cases/"+rec.CaseID, "That recording isn't ready to watch yet.")
		return
	}
	c, err := ui.Cases.Get(r.Context(), id.Actor(), rec.CaseID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	codings, err := ui.Analysis.Codings(r.Context(), id.Actor(), rec.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := recordingView{Recording: rec, CanDelete: casework.CanEdit(id.User, c), IsOwner: casework.IsOwner(id.User, c),
		Codings: codings, Coding: orEmpty(f), Import: orEmpty(imp)}
	ui.render(w, r, status, "recording", View{Title: rec.Filename, Nav: "caseload", Data: v})
}

func (ui *UI) confirmDeleteRecording(w http.ResponseWriter, r *http.Request) {
	rec, err := ui.Recordings.Get(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "recording_delete", View{Title: "Delete a recording", Nav: "caseload", Data: rec})
}

func (ui *UI) deleteRecording(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	rec, err := ui.Recordings.Get(r.Context(), a, r.PathValue("id"))
	if err == nil {
		err = ui.Recordings.Delete(r.Context(), a, rec.ID)
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+rec.CaseID, "The recording "+rec.Filename+" has been erased.")
}

// moveRecording puts a recording in the cycle the guider picks.
func (ui *UI) moveRecording(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	n, err := strconv.Atoi(r.PostFormValue("cycle"))
	if err != nil {
		ui.fail(w, r, domain.FieldError("cycle", "Choose the cycle this recording belongs to."))
		return
	}
	rec, err := ui.Recordings.Get(r.Context(), a, r.PathValue("id"))
	if err == nil {
		rec, err = ui.Recordings.SetCycle(r.Context(), a, rec.ID, n)
	}
	if err != nil {
		if rec != nil {
			ui.back(w, r, rec.CaseID, "", err)
			return
		}
		ui.fail(w, r, err)
		return
	}
	msg := rec.Filename + " is now in cycle " + strconv.Itoa(n) + "."
	if n == 0 {
		msg = rec.Filename + " is now outside the cycles."
	}
	redirect(w, r, "/cases/"+rec.CaseID+"#h-cycles", msg)
}
