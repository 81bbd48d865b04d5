package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

func init() {
	funcs["pointLabel"] = lifecycle.PointLabel
	funcs["cycleLabel"] = lifecycle.CycleLabel
	funcs["statusNote"] = lifecycle.StatusNote
	funcs["stageLabel"] = lifecycle.StageLabel
	funcs["sessionKind"] = lifecycle.SessionKindLabel
	funcs["placeLabel"] = lifecycle.PlaceLabel
	funcs["scale"] = func() []int { return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }
	funcs["taskClass"] = taskClass
	funcs["nextStage"] = nextStage
	funcs["openCycles"] = lifecycle.OpenCycles
	funcs["cycleNumbers"] = lifecycle.CycleNumbers
}

type stageMove struct{ Stage, Label string }

// nextStage is the button that moves a case on from a stage.
func nextStage(stage string) *stageMove {
	switch stage {
	case domain.StageFirstMeeting:
		return &stageMove{domain.StageCycles, "Start the cycles"}
	case domain.StageCycles:
		return &stageMove{domain.StageEnding, "Move to the ending"}
	case domain.StageEnding:
		return &stageMove{domain.StageEnded, "Finish the ending"}
	}
	return nil
}

func taskClass(status string) string {
	switch status {
	case lifecycle.TaskDone:
		return "tag"
	case lifecycle.TaskInProgress, lifecycle.TaskToDo:
		return "tag tag-blue"
	}
	return "tag tag-grey"
}

func (ui *UI) registerLifecycle(s *server.Server) {
	s.Handle("POST /cases/{id}/goals", server.CaseStaff, ui.addGoal)
	s.Handle("POST /goals/{id}/ratings", server.CaseStaff, ui.rateGoal)
	s.Handle("GET /cases/{id}/consent", server.CaseStaff, ui.consentForm, server.Views("case"))
	s.Handle("POST /cases/{id}/consent/check", server.CaseStaff, ui.checkConsent)
	s.Handle("POST /cases/{id}/consent", server.CaseStaff, ui.signConsent)
	s.Handle("GET /consents/{id}/withdraw", server.CaseStaff, ui.confirmWithdraw, server.Views("consent"))
	s.Handle("POST /consents/{id}/withdraw", server.CaseStaff, ui.withdraw)
	s.Handle("POST /cases/{id}/stage", server.CaseStaff, ui.moveStage)
	s.Handle("GET /cases/{id}/end-early", server.CaseStaff, ui.endEarlyForm, server.Views("case"))
	s.Handle("POST /cases/{id}/end-early", server.CaseStaff, ui.endEarly)
	s.Handle("POST /cycles/{id}/status", server.CaseStaff, ui.moveCycle)
	s.Handle("POST /cases/{id}/sessions", server.CaseStaff, ui.scheduleSession)
	s.Handle("GET /cases/{id}/letter", server.CaseStaff, ui.letter, server.Views("case"))
}

// back returns to the case page, with a message. An action refused as bad
// input or a conflict shows the case page again with the reason; any other
// error is a page of its own, with its way back.
func (ui *UI) back(w http.ResponseWriter, r *http.Request, caseID, flash string, err error) {
	switch status := server.Status(err); {
	case err == nil:
		redirect(w, r, "/cases/"+caseID, flash)
	case status == http.StatusBadRequest || status == http.StatusConflict:
		ui.caseWithProblem(w, r, caseID, status, domain.ErrorMessage(err))
	default:
		ui.fail(w, r, err)
	}
}

func (ui *UI) addGoal(w http.ResponseWriter, r *http.Request) {
	now, err1 := strconv.Atoi(r.PostFormValue("now"))
	hoped, err2 := strconv.Atoi(r.PostFormValue("hoped"))
	if err1 != nil || err2 != nil {
		ui.fail(w, r, domain.FieldError("now", "Choose both ratings, from 0 to 10: where the family is now and where they hope to get to."))
		return
	}
	_, err := ui.Lifecycle.AddGoal(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"),
		lifecycle.GoalInput{HelpingQuestion: r.PostFormValue("helping_question"), Now: now, Hoped: hoped})
	ui.back(w, r, r.PathValue("id"), "Goal added.", err)
}

func (ui *UI) rateGoal(w http.ResponseWriter, r *http.Request) {
	v, err := strconv.Atoi(r.PostFormValue("value"))
	if err != nil {
		err = domain.FieldError("value", "Choose a rating from 0 to 10.")
	} else {
		_, err = ui.Lifecycle.Rate(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), v)
	}
	if err != nil {
		if caseID := r.PostFormValue("case"); caseID != "" {
			ui.back(w, r, caseID, "", err) // the case page again, shown only if this person may see it
			return
		}
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+r.PostFormValue("case")+"#h-goals", "Rating saved.")
}

func (ui *UI) moveStage(w http.ResponseWriter, r *http.Request) {
	err := ui.Lifecycle.MoveStage(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.PostFormValue("stage"))
	ui.back(w, r, r.PathValue("id"), "The case has moved on.", err)
}

func (ui *UI) moveCycle(w http.ResponseWriter, r *http.Request) {
	c, err := ui.Lifecycle.MoveCycle(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), lifecycle.CycleChange{
		Status: r.PostFormValue("status"), ParentWords: r.PostFormValue("parent_words"), NextSteps: r.PostFormValue("next_steps")})
	if err != nil {
		if c == nil {
			ui.fail(w, r, err)
			return
		}
		ui.back(w, r, c.CaseID, "", err)
		return
	}
	redirect(w, r, "/cases/"+c.CaseID+"#h-cycles", "Cycle "+strconv.Itoa(c.Number)+" is "+lifecycle.CycleLabel(c.Status)+".")
}

func (ui *UI) scheduleSession(w http.ResponseWriter, r *http.Request) {
	at, err := time.ParseInLocation("2006-01-02T15:04", r.PostFormValue("starts_at"), time.Local)
	if err != nil {
		ui.fail(w, r, domain.FieldError("starts_at", "Enter the date and time the session starts."))
		return
	}
	minutes, _ := strconv.Atoi(r.PostFormValue("minutes"))
	_, err = ui.Lifecycle.Schedule(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), lifecycle.SessionInput{
		Kind: r.PostFormValue("kind"), StartsAt: at, Minutes: minutes, Place: r.PostFormValue("place")})
	ui.back(w, r, r.PathValue("id"), "Session added.", err)
}

func (ui *UI) letter(w http.ResponseWriter, r *http.Request) {
	b, err := ui.Lifecycle.Letter(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="closing-letter.pdf"`)
	w.Write(b)
}
