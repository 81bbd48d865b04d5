package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

func (a *API) registerCycles(s *server.Server) {
	s.Handle("GET /api/v1/cases/{id}/cycles", server.CaseStaff, a.listCycles, server.Views("case"))
	s.Handle("POST /api/v1/cases/{id}/cycles", server.CaseStaff, a.addCycle)
	s.Handle("POST /api/v1/cases/{id}/stage", server.CaseStaff, a.moveStage)
	s.Handle("PATCH /api/v1/cycles/{id}", server.CaseStaff, a.moveCycle)
	s.Handle("POST /api/v1/cases/{id}/sessions", server.CaseStaff, a.createSession)
	s.Handle("GET /api/v1/cases/{id}/sessions", server.CaseStaff, a.listSessions, server.Views("case"))
	s.Handle("PATCH /api/v1/sessions/{id}", server.CaseStaff, a.patchSession)
	s.Handle("POST /api/v1/me/ical", server.CaseStaff, a.newFeed)
	s.Handle("DELETE /api/v1/me/ical", server.CaseStaff, a.revokeFeed)
	s.Handle("GET /ical/{file}", server.Public, a.feed)
	s.Handle("GET /api/v1/cases/{id}/notes", server.CaseStaff, a.listNotes, server.Views("case"))
	s.Handle("PUT /api/v1/cases/{id}/notes/{kind}", server.CaseStaff, a.putNote)
	s.Handle("GET /api/v1/cases/{id}/letter", server.CaseStaff, a.letter, server.Views("case"))
}

type cycleJSON struct {
	ID          string    `json:"id"`
	Number      int       `json:"number"`
	Status      string    `json:"status"`
	ParentWords string    `json:"parent_words,omitempty"`
	NextSteps   string    `json:"next_steps,omitempty"`
	UpdatedAt   time.Time `json:"updated_at"`
	// What set the status: manual, recording, clip, film or review; who
	// (an account id and name), when, and all that in words.
	StatusSource string     `json:"status_source,omitempty"`
	StatusBy     string     `json:"status_by,omitempty"`
	StatusByName string     `json:"status_by_name,omitempty"`
	StatusAt     *time.Time `json:"status_at,omitempty"`
	StatusNote   string     `json:"status_note,omitempty"`
}

func cycleOut(c *domain.Cycle) cycleJSON {
	out := cycleJSON{ID: c.ID, Number: c.Number, Status: c.Status, ParentWords: c.ParentWords, NextSteps: c.NextSteps,
		UpdatedAt: c.UpdatedAt, StatusSource: c.StatusSource, StatusBy: c.StatusBy, StatusByName: c.StatusByName,
		StatusNote: lifecycle.StatusNote(c)}
	if !c.StatusAt.IsZero() {
		at := c.StatusAt
		out.StatusAt = &at
	}
	return out
}

func (a *API) listCycles(w http.ResponseWriter, r *http.Request) {
	stage, cycles, err := a.Lifecycle.Stage(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := []cycleJSON{}
	for _, c := range cycles {
		out = append(out, cycleOut(c))
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"stage": stage, "cycles": out})
}

func (a *API) addCycle(w http.ResponseWriter, r *http.Request) {
	if err := a.Lifecycle.AddCycle(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	a.listCyclesStatus(w, r, http.StatusCreated)
}

func (a *API) listCyclesStatus(w http.ResponseWriter, r *http.Request, status int) {
	_, cycles, err := a.Lifecycle.Stage(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil || len(cycles) == 0 {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, status, cycleOut(cycles[len(cycles)-1]))
}

func (a *API) moveStage(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Stage string `json:"stage"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if err := a.Lifecycle.MoveStage(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.Stage); err != nil {
		server.WriteError(w, r, err)
		return
	}
	a.listCycles(w, r)
}

func (a *API) moveCycle(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Status      string `json:"status"`
		ParentWords string `json:"parent_words"`
		NextSteps   string `json:"next_steps"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	c, err := a.Lifecycle.MoveCycle(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"),
		lifecycle.CycleChange{Status: in.Status, ParentWords: in.ParentWords, NextSteps: in.NextSteps})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, cycleOut(c))
}

type sessionJSON struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	Kind       string    `json:"kind"`
	StartsAt   time.Time `json:"starts_at"`
	Minutes    int       `json:"minutes"`
	Place      string    `json:"place"`
	Attendance string    `json:"attendance,omitempty"`
	Cycle      int       `json:"cycle,omitempty"`
}

func sessionOut(m *domain.Meeting) sessionJSON {
	return sessionJSON{m.ID, m.CaseID, m.Kind, m.StartsAt, m.Minutes, m.Place, m.Attendance, m.Cycle}
}

func (a *API) createSession(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Kind     string    `json:"kind"`
		StartsAt time.Time `json:"starts_at"`
		Minutes  int       `json:"minutes"`
		Place    string    `json:"place"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	m, err := a.Lifecycle.Schedule(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"),
		lifecycle.SessionInput{Kind: in.Kind, StartsAt: in.StartsAt, Minutes: in.Minutes, Place: in.Place})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusCreated, sessionOut(m))
}

func (a *API) listSessions(w http.ResponseWriter, r *http.Request) {
	ms, err := a.Lifecycle.Sessions(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := []sessionJSON{}
	for _, m := range ms {
		out = append(out, sessionOut(m))
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"sessions": out})
}

func (a *API) patchSession(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Attendance string `json:"attendance"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if err := a.Lifecycle.SetAttendance(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.Attendance); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) newFeed(w http.ResponseWriter, r *http.Request) {
	path, err := a.Lifecycle.NewFeed(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusCreated, map[string]string{"path": path})
}

func (a *API) revokeFeed(w http.ResponseWriter, r *http.Request) {
	if err := a.Lifecycle.RevokeFeed(r.Context(), server.IdentityOf(r).Actor()); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) feed(w http.ResponseWriter, r *http.Request) {
	b, err := a.Lifecycle.Feed(r.Context(), r.PathValue("file"))
	if err != nil {
		http.Error(w, domain.ErrorMessage(err), server.Status(err))
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}

func (a *API) listNotes(w http.ResponseWriter, r *http.Request) {
	notes, err := a.Lifecycle.Notes(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := map[string]any{}
	for k, n := range notes {
		out[k] = map[string]any{"body": n.Body, "updated_at": n.UpdatedAt}
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"notes": out})
}

func (a *API) putNote(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if err := a.Lifecycle.PutNote(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.PathValue("kind"), in.Body); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) letter(w http.ResponseWriter, r *http.Request) {
	b, err := a.Lifecycle.Letter(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="closing-letter.pdf"`)
	w.Write(b)
}
