package web

import (
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/supervision"
)

func (ui *UI) registerSupervisionLog(s *server.Server) {
	s.Handle("GET /supervision/log/{user}", server.Staff, ui.supLog, server.Views("accreditation_log"))
	s.Handle("POST /supervision/log/{user}/meetings", server.CaseStaff, ui.supMeeting)
	s.Handle("POST /supervision/statement", server.CaseStaff, ui.supStatement)
	s.Handle("GET /supervision/log/{user}/portfolio.pdf", server.Staff, ui.supPortfolio, server.Views("accreditation_log"))
	s.Handle("GET /supervision/team", server.Staff, ui.supTeam, server.Views("accreditation_team"))
}

type supLogView struct {
	Log       *supervision.Log
	Rows      []supStageRow
	Trend     *trendChart
	Self      bool
	Meeting   *Form
	Statement *Form
}

func (ui *UI) supLog(w http.ResponseWriter, r *http.Request) {
	ui.renderLog(w, r, http.StatusOK, nil, nil)
}

func (ui *UI) renderLog(w http.ResponseWriter, r *http.Request, status int, meeting, statement *Form) {
	a := server.IdentityOf(r).Actor()
	l, err := ui.sup().Log(r.Context(), a, r.PathValue("user"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := supLogView{Log: l, Self: l.Trainee.ID == a.ID(), Meeting: orEmpty(meeting), Statement: orEmpty(statement)}
	for _, p := range l.Stages {
		v.Rows = append(v.Rows, supStageRow{P: p, Meters: []supMeter{{"Cycles completed", strconv.Itoa(p.Cycles), p.Rule.Cycles},
			{"New families", strconv.Itoa(p.NewFamilies), p.Rule.NewFamilies},
			{"Supervision hours", strconv.FormatFloat(p.Hours(), 'f', -1, 64), p.Rule.SupervisionHours}}})
	}
	if statement == nil {
		v.Statement.Values["statement"] = l.Statement
	}
	v.Trend = newTrend(l.Agreement)
	ui.render(w, r, status, "sup_log", View{Title: "Accreditation log: " + l.Trainee.Name, Nav: "supervision", Data: v})
}

func (ui *UI) supMeeting(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "stage", "kind", "held_on", "reviewer", "outcome")
	stage, _ := strconv.Atoi(f.Get("stage"))
	user := r.PathValue("user")
	_, err := ui.sup().AddMeeting(r.Context(), server.IdentityOf(r).Actor(), supervision.MeetingInput{TraineeID: user, Stage: stage,
		Kind: f.Get("kind"), HeldOn: f.Get("held_on"), Reviewer: f.Get("reviewer"), Outcome: f.Get("outcome")})
	if err != nil {
		f.Fail(err)
		ui.renderLog(w, r, server.Status(err), f, nil)
		return
	}
	redirect(w, r, "/supervision/log/"+user, "Meeting added to the log.")
}

func (ui *UI) supStatement(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "statement")
	a := server.IdentityOf(r).Actor()
	if err := ui.sup().SetStatement(r.Context(), a, f.Get("statement")); err != nil {
		f.Fail(err)
		r.SetPathValue("user", a.ID())
		ui.renderLog(w, r, server.Status(err), nil, f)
		return
	}
	redirect(w, r, "/supervision/log/"+a.ID(), "Reflective statement saved.")
}

func (ui *UI) supTeam(w http.ResponseWriter, r *http.Request) {
	t, err := ui.sup().Team(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "sup_team", View{Title: "Your team's progress", Nav: "supervision", Data: t})
}

func (ui *UI) supPortfolio(w http.ResponseWriter, r *http.Request) {
	pdf, err := ui.sup().Portfolio(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("user"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="portfolio-summary.pdf"`)
	w.Write(pdf)
}

type supStageRow struct {
	P      supervision.StageProgress
	Meters []supMeter
}

type supMeter struct {
	Label string
	Value string
	Max   int
}
