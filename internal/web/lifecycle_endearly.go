package web

import (
	"net/http"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

type endEarlyView struct {
	Case   *domain.Case
	Cycles string // the open cycles in words: "cycles 2 and 3"
	Many   bool
}

// endEarlyForm asks before the open cycles are cancelled.
func (ui *UI) endEarlyForm(w http.ResponseWriter, r *http.Request) {
	c, ok := ui.caseToWrite(w, r, true)
	if !ok {
		return
	}
	stage, cycles, err := ui.Lifecycle.Stage(r.Context(), server.IdentityOf(r).Actor(), c.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	open := lifecycle.OpenCycles(cycles)
	if stage != domain.StageCycles || len(open) == 0 {
		redirect(w, r, "/cases/"+c.ID, "No cycles are open: the case can move on from its page.")
		return
	}
	v := endEarlyView{Case: c, Cycles: lifecycle.CycleNumbers(open), Many: len(open) > 1}
	ui.render(w, r, http.StatusOK, "end_early", View{Title: "End early? · " + c.Reference, Nav: "caseload", Data: v})
}

// endEarly cancels the open cycles and moves the case to the ending.
func (ui *UI) endEarly(w http.ResponseWriter, r *http.Request) {
	caseID := r.PathValue("id")
	cancelled, err := ui.Lifecycle.EndEarly(r.Context(), server.IdentityOf(r).Actor(), caseID)
	msg := "The case is at the ending."
	if len(cancelled) == 1 {
		msg = capital(lifecycle.CycleNumbers(cancelled)) + " is cancelled. " + msg
	} else if len(cancelled) > 1 {
		msg = capital(lifecycle.CycleNumbers(cancelled)) + " are cancelled. " + msg
	}
	ui.back(w, r, caseID, msg, err)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
