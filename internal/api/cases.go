package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/store"
)

type participantJSON struct {
	ID        string `json:"id,omitempty"`
	Role      string `json:"role"`
	Name      string `json:"name"`
	Relation  string `json:"relation,omitempty"`
	BirthDate string `json:"birth_date,omitempty"`
}

type shareJSON struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
}

type caseJSON struct {
	ID           string            `json:"id"`
	Reference    string            `json:"reference"`
	Focus        string            `json:"focus"`
	InitialsOnly bool              `json:"initials_only"`
	Status       string            `json:"status"`
	NextStep     string            `json:"next_step"`
	Owner        shareJSON         `json:"owner"`
	Participants []participantJSON `json:"participants"`
	Shares       []shareJSON       `json:"shares,omitempty"`
	Version      int               `json:"version"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	ClosedAt     *time.Time        `json:"closed_at,omitempty"`
}

func toJSON(c *domain.Case) caseJSON {
	out := caseJSON{ID: c.ID, Reference: c.Reference, Focus: c.Focus, InitialsOnly: c.InitialsOnly, Status: c.Status,
		NextStep: casework.NextStep(c), Owner: shareJSON{UserID: c.OwnerID, Name: c.OwnerName, Role: string(domain.RolePractitioner)},
		Participants: []participantJSON{}, Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, ClosedAt: c.ClosedAt}
	for _, p := range c.Participants {
		out.Participants = append(out.Participants, participantJSON{p.ID, p.Role, p.Name, p.Relation, p.BirthDate})
	}
	for _, s := range c.Shares {
		out.Shares = append(out.Shares, shareJSON{s.UserID, s.UserName, string(s.Role)})
	}
	return out
}

func fromJSON(ps []participantJSON) []domain.Participant {
	out := make([]domain.Participant, 0, len(ps))
	for _, p := range ps {
		out = append(out, domain.Participant{ID: p.ID, Role: p.Role, Name: p.Name, Relation: p.Relation, BirthDate: p.BirthDate})
	}
	return out
}

type caseInput struct {
	Reference    *string            `json:"reference"`
	Focus        *string            `json:"focus"`
	InitialsOnly *bool              `json:"initials_only"`
	Participants *[]participantJSON `json:"participants"`
	Status       *string            `json:"status"`
	Version      *int               `json:"version"`
}

func (a *API) createCase(w http.ResponseWriter, r *http.Request) {
	var in caseInput
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.Reference == nil {
		server.WriteError(w, r, required("reference"))
		return
	}
	ci := casework.Input{Reference: *in.Reference}
	if in.Focus != nil {
		ci.Focus = *in.Focus
	}
	if in.InitialsOnly != nil {
		ci.InitialsOnly = *in.InitialsOnly
	}
	if in.Participants != nil {
		ci.Participants = fromJSON(*in.Participants)
	}
	c, err := a.Cases.Create(r.Context(), server.IdentityOf(r).Actor(), ci)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/cases/"+c.ID)
	server.WriteJSON(w, http.StatusCreated, toJSON(c))
}

func (a *API) getCase(w http.ResponseWriter, r *http.Request) {
	c, err := a.Cases.Get(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, toJSON(c))
}

func (a *API) listCases(w http.ResponseWriter, r *http.Request) {
	q := store.CaseloadQuery{Status: r.URL.Query().Get("status"), After: r.URL.Query().Get("after"),
		Reference: strings.TrimSpace(r.URL.Query().Get("reference"))}
	if q.Status != "" && q.Status != domain.CaseOpen && q.Status != domain.CaseClosed {
		server.WriteError(w, r, domain.FieldError("status", "status is open or closed."))
		return
	}
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > casework.CaseloadPageMax {
			server.WriteError(w, r, domain.FieldError("limit", "limit is a number of cases from 1 to %d.", casework.CaseloadPageMax))
			return
		}
		q.Limit = n
	}
	cases, next, err := a.Cases.Caseload(r.Context(), server.IdentityOf(r).Actor(), q)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Cases []caseJSON `json:"cases"`
		Next  string     `json:"next,omitempty"`
	}{Cases: []caseJSON{}, Next: next}
	for _, c := range cases {
		out.Cases = append(out.Cases, toJSON(c))
	}
	server.WriteJSON(w, http.StatusOK, out)
}

func (a *API) patchCase(w http.ResponseWriter, r *http.Request) {
	var in caseInput
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	p := casework.Patch{Reference: in.Reference, Focus: in.Focus, InitialsOnly: in.InitialsOnly, Status: in.Status, Version: in.Version}
	if in.Participants != nil {
		ps := fromJSON(*in.Participants)
		p.Participants = &ps
	}
	c, err := a.Cases.Update(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), p)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	server.WriteJSON(w, http.StatusOK, toJSON(c))
}

func (a *API) shareCase(w http.ResponseWriter, r *http.Request) {
	var in struct {
		UserID string `json:"user_id"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	if in.UserID == "" {
		server.WriteError(w, r, required("user_id"))
		return
	}
	if err := a.Cases.Share(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), in.UserID); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) unshareCase(w http.ResponseWriter, r *http.Request) {
	if err := a.Cases.Unshare(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.PathValue("user")); err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
