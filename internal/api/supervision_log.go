package api

import (
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/supervision"
)

func (a *API) registerAccreditation(s *server.Server) {
	s.Handle("GET /api/v1/accreditation/stages", server.Staff, a.accStages, server.Exempt("the service's accreditation stages: no family's material"))
	s.Handle("PUT /api/v1/accreditation/stages", server.Admin, a.accSetStages)
	s.Handle("GET /api/v1/accreditation/log/{user}", server.Staff, a.accLog, server.Views("accreditation_log"))
	s.Handle("POST /api/v1/accreditation/meetings", server.CaseStaff, a.accMeeting)
	s.Handle("PUT /api/v1/accreditation/statement", server.CaseStaff, a.accStatement)
	s.Handle("GET /api/v1/accreditation/team", server.Staff, a.accTeam, server.Views("accreditation_team"))
}

type stageJSON struct {
	Number           int    `json:"number"`
	Name             string `json:"name"`
	Cycles           int    `json:"cycles"`
	NewFamilies      int    `json:"new_families"`
	SupervisionHours int    `json:"supervision_hours"`
	Final            bool   `json:"final"`
}

func stageOut(s domain.AccreditationStage) stageJSON {
	return stageJSON{s.Number, s.Name, s.Cycles, s.NewFamilies, s.SupervisionHours, s.Final}
}

func (a *API) accStages(w http.ResponseWriter, r *http.Request) {
	st, err := a.sup().Stages(r.Context())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Stages []stageJSON `json:"stages"`
	}{Stages: []stageJSON{}}
	for _, s := range st {
		out.Stages = append(out.Stages, stageOut(s))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) accSetStages(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Stages []stageJSON `json:"stages"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	var st []domain.AccreditationStage
	for _, s := range in.Stages {
		st = append(st, domain.AccreditationStage{Number: s.Number, Name: s.Name, Cycles: s.Cycles, NewFamilies: s.NewFamilies, SupervisionHours: s.SupervisionHours})
	}
	if err := a.sup().SetStages(r.Context(), server.IdentityOf(r).Actor(), st); err != nil {
		server.WriteError(w, r, err)
		return
	}
	a.accStages(w, r)
}

type stageProgressJSON struct {
	Stage       stageJSON `json:"stage"`
	Cycles      int       `json:"cycles"`
	NewFamilies int       `json:"new_families"`
	Hours       float64   `json:"supervision_hours"`
	Met         bool      `json:"met"`
	Reviewed    bool      `json:"reviewed"`
	Current     bool      `json:"current"`
}

type meetingJSON struct {
	Stage    int    `json:"stage"`
	Kind     string `json:"kind"`
	HeldOn   string `json:"held_on"`
	Reviewer string `json:"reviewer"`
	Outcome  string `json:"outcome"`
}

func (a *API) accLog(w http.ResponseWriter, r *http.Request) {
	l, err := a.sup().Log(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("user"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		TraineeID  string              `json:"trainee_id"`
		Stages     []stageProgressJSON `json:"stages"`
		Meetings   []meetingJSON       `json:"meetings"`
		Statement  string              `json:"statement"`
		Accredited bool                `json:"accredited"`
	}{TraineeID: l.Trainee.ID, Stages: []stageProgressJSON{}, Meetings: []meetingJSON{}, Statement: l.Statement, Accredited: l.Accredited != nil}
	for _, p := range l.Stages {
		out.Stages = append(out.Stages, stageProgressJSON{stageOut(p.Rule), p.Cycles, p.NewFamilies, p.Hours(), p.Met, p.Reviewed != nil, p.Current})
	}
	for _, m := range l.Meetings {
		out.Meetings = append(out.Meetings, meetingJSON{m.Stage, m.Kind, m.HeldOn, m.Reviewer, m.Outcome})
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) accMeeting(w http.ResponseWriter, r *http.Request) {
	var in struct {
		TraineeID string `json:"trainee_id"`
		Stage     int    `json:"stage"`
		Kind      string `json:"kind"`
		HeldOn    string `json:"held_on"`
		Reviewer  string `json:"reviewer"`
		Outcome   string `json:"outcome"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	m, err := a.sup().AddMeeting(r.Context(), server.IdentityOf(r).Actor(), supervision.MeetingInput{TraineeID: in.TraineeID,
		Stage: in.Stage, Kind: in.Kind, HeldOn: in.HeldOn, Reviewer: in.Reviewer, Outcome: in.Outcome})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusCreated, meetingJSON{m.Stage, m.Kind, m.HeldOn, m.Reviewer, m.Outcome})
}

func (a *API) accStatement(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Statement string `json:"statement"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if err := a.sup().SetStatement(r.Context(), server.IdentityOf(r).Actor(), in.Statement); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) accTeam(w http.ResponseWriter, r *http.Request) {
	t, err := a.sup().Team(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	type memberJSON struct {
		UserID     string  `json:"user_id"`
		Name       string  `json:"name"`
		Supervisor string  `json:"supervisor"`
		Stage      string  `json:"stage"`
		Cycles     int     `json:"cycles"`
		Families   int     `json:"families"`
		Hours      float64 `json:"supervision_hours"`
	}
	out := struct {
		Members    []memberJSON `json:"members"`
		Cycles     int          `json:"cycles"`
		Families   int          `json:"families"`
		Hours      float64      `json:"supervision_hours"`
		Accredited int          `json:"accredited"`
	}{Members: []memberJSON{}, Cycles: t.TotalCycles, Families: t.TotalFamilies, Hours: float64(t.TotalMinutes) / 60, Accredited: t.Accredited}
	for _, m := range t.Members {
		out.Members = append(out.Members, memberJSON{m.UserID, m.Name, m.Supervisor, m.Stage, m.Cycles, m.Families, float64(m.Minutes) / 60})
	}
	server.WriteJSON(w, http.StatusOK, out)
}
