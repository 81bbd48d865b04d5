package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

func (a *API) registerLifecycle(s *server.Server) {
	s.Handle("POST /api/v1/cases/{id}/consents", server.CaseStaff, a.createConsent)
	s.Handle("GET /api/v1/cases/{id}/consents", server.CaseStaff, a.listConsents, server.Views("case"))
	s.Handle("GET /api/v1/consents/{id}/erasure", server.CaseStaff, a.erasurePlan, server.Views("consent"))
	s.Handle("POST /api/v1/consents/{id}/withdraw", server.CaseStaff, a.withdrawConsent)
	s.Handle("POST /api/v1/cases/{id}/goals", server.CaseStaff, a.createGoal)
	s.Handle("GET /api/v1/cases/{id}/goals", server.CaseStaff, a.listGoals, server.Views("case"))
	s.Handle("POST /api/v1/goals/{id}/ratings", server.CaseStaff, a.rateGoal)
	s.Handle("POST /api/v1/goals/{id}/close", server.CaseStaff, a.closeGoal)
	a.registerCycles(s)
}

type consentJSON struct {
	ID             string     `json:"id"`
	CaseID         string     `json:"case_id"`
	Purposes       []string   `json:"purposes"`
	GivenBy        string     `json:"given_by"`
	Signature      string     `json:"signature"`
	ChildAssent    *bool      `json:"child_assent,omitempty"`
	RetainDays     *int       `json:"retain_days_after_close,omitempty"`
	WordingVersion string     `json:"wording_version"`
	RecordedBy     string     `json:"recorded_by"`
	CreatedAt      time.Time  `json:"created_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy    string     `json:"withdrawn_by,omitempty"`
}

func consentOut(c *domain.Consent) consentJSON {
	return consentJSON{c.ID, c.CaseID, c.Purposes, c.GivenBy, c.Signature, c.ChildAssent, c.RetainDays, c.WordingVersion,
		c.RecordedBy, c.CreatedAt, c.WithdrawnAt, c.WithdrawnBy}
}

func (a *API) createConsent(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Purposes       []string `json:"purposes"`
		GivenBy        string   `json:"given_by"`
		Signature      string   `json:"signature"`
		ChildAssent    *bool    `json:"child_assent"`
		RetainDays     *int     `json:"retain_days_after_close"`
		WordingVersion string   `json:"wording_version"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	c, err := a.Lifecycle.RecordConsent(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), lifecycle.ConsentInput{
		Purposes: in.Purposes, GivenBy: in.GivenBy, Signature: in.Signature, ChildAssent: in.ChildAssent,
		RetainDays: in.RetainDays, WordingVersion: in.WordingVersion})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusCreated, consentOut(c))
}

func (a *API) listConsents(w http.ResponseWriter, r *http.Request) {
	cs, err := a.Lifecycle.Consents(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := []consentJSON{}
	for _, c := range cs {
		out = append(out, consentOut(c))
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"consents": out})
}

type erasedJSON struct {
	ID       string `json:"id"`
	Filename string `json:"filename"`
}

func erased(recs []*domain.Recording) []erasedJSON {
	out := []erasedJSON{}
	for _, r := range recs {
		out = append(out, erasedJSON{r.ID, r.Filename})
	}
	return out
}

func (a *API) erasurePlan(w http.ResponseWriter, r *http.Request) {
	c, recs, err := a.Lifecycle.ErasurePlan(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"consent": consentOut(c), "would_delete": erased(recs)})
}

func (a *API) withdrawConsent(w http.ResponseWriter, r *http.Request) {
	res, err := a.Lifecycle.Withdraw(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	for _, rec := range res.NotErased {
		server.LogError(r, domain.Errorf(domain.EINTERNAL, "recording %s not erased after consent withdrawal", rec.ID))
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"consent": consentOut(res.Consent), "deleted": erased(res.Erased),
		"not_deleted": erased(res.NotErased)})
}

type ratingJSON struct {
	ID        string    `json:"id"`
	Value     int       `json:"value"`
	Point     string    `json:"point"`
	Cycle     int       `json:"cycle,omitempty"`
	Label     string    `json:"label"`
	CreatedAt time.Time `json:"created_at"`
}

type goalJSON struct {
	ID              string       `json:"id"`
	HelpingQuestion string       `json:"helping_question"`
	Hoped           int          `json:"hoped"`
	Status          string       `json:"status"`
	Ratings         []ratingJSON `json:"ratings"`
	CreatedAt       time.Time    `json:"created_at"`
}

func ratingOut(x domain.Rating) ratingJSON {
	return ratingJSON{x.ID, x.Value, x.Point, x.Cycle, lifecycle.PointLabel(x), x.CreatedAt}
}

func (a *API) createGoal(w http.ResponseWriter, r *http.Request) {
	var in struct {
		HelpingQuestion string `json:"helping_question"`
		Now             *int   `json:"now"`
		Hoped           *int   `json:"hoped"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Now == nil || in.Hoped == nil {
		server.WriteError(w, r, domain.FieldError("now", "Give both ratings, 0 to 10: \"now\" (where the family is) and \"hoped\" (where they hope to get to)."))
		return
	}
	g, err := a.Lifecycle.AddGoal(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"),
		lifecycle.GoalInput{HelpingQuestion: in.HelpingQuestion, Now: *in.Now, Hoped: *in.Hoped})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusCreated, map[string]string{"id": g.ID})
}

func (a *API) listGoals(w http.ResponseWriter, r *http.Request) {
	gs, err := a.Lifecycle.Goals(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := []goalJSON{}
	for _, g := range gs {
		j := goalJSON{g.ID, g.HelpingQuestion, g.Hoped, g.Status, []ratingJSON{}, g.CreatedAt}
		for _, x := range g.Ratings {
			j.Ratings = append(j.Ratings, ratingOut(x))
		}
		out = append(out, j)
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"goals": out})
}

func (a *API) rateGoal(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Value *int `json:"value"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Value == nil {
		server.WriteError(w, r, required("value"))
		return
	}
	x, err := a.Lifecycle.Rate(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), *in.Value)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusCreated, ratingOut(*x))
}

func (a *API) closeGoal(w http.ResponseWriter, r *http.Request) {
	if err := a.Lifecycle.CloseGoal(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
