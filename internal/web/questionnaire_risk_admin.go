package web

import (
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) registerRiskAdmin(s *server.Server) {
	s.Handle("GET /admin/risk", server.Admin, ui.riskSettings, server.Exempt("the service's risk wording and escalation settings, nothing of a case"))
	s.Handle("POST /admin/risk", server.Admin, ui.saveRiskSettings)
}

type riskAdminView struct {
	Settings  questionnaires.RiskSettings
	Hours     string
	Langs     []string
	People    []*domain.User // who can be the duty person
	Error     string
	ErrorID   string
	LangNames map[string]string
}

func (ui *UI) riskSettings(w http.ResponseWriter, r *http.Request) {
	rs, err := ui.Questionnaires.RiskSettings(r.Context())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.showRiskSettings(w, r, http.StatusOK, rs, strconv.Itoa(rs.Hours), nil)
}

func (ui *UI) showRiskSettings(w http.ResponseWriter, r *http.Request, status int, rs questionnaires.RiskSettings, hours string, problem error) {
	users, err := ui.Accounts.Users(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := riskAdminView{Settings: rs, Hours: hours, Langs: questionnaires.Languages,
		LangNames: map[string]string{"en": "English", "pl": "Polish"}}
	for _, u := range users {
		if u.Active() && u.Role != domain.RoleAdmin {
			v.People = append(v.People, u)
		}
	}
	if e, ok := problem.(*domain.Error); ok {
		v.Error, v.ErrorID = e.Message, "f-"+e.Field
	}
	ui.render(w, r, status, "q_risk_admin", View{Title: "After a risk answer", Nav: "risk", Data: v})
}

func (ui *UI) saveRiskSettings(w http.ResponseWriter, r *http.Request) {
	rs := questionnaires.RiskSettings{Messages: map[string]string{}, DutyID: r.PostFormValue("duty")}
	for _, l := range questionnaires.Languages {
		rs.Messages[l] = r.PostFormValue("message-" + l)
	}
	hours := r.PostFormValue("hours")
	rs.Hours, _ = strconv.Atoi(hours)
	err := ui.Questionnaires.SetRiskSettings(r.Context(), server.IdentityOf(r).Actor(), rs)
	if domain.ErrorCode(err) == domain.EINVALID {
		ui.showRiskSettings(w, r, http.StatusBadRequest, rs, hours, err)
		return
	} else if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/risk", "Saved. Parents see the new message after a risk answer from now on.")
}
