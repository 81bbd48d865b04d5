package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/server"
)

type alertItemJSON struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

type alertJSON struct {
	ID             string          `json:"id"`
	AssignmentID   string          `json:"assignment_id"`
	Instrument     string          `json:"instrument"`
	Items          []alertItemJSON `json:"items"`
	RaisedAt       time.Time       `json:"raised_at"`
	Overdue        bool            `json:"overdue"`
	EscalatedAt    *time.Time      `json:"escalated_at"`
	AcknowledgedBy *string         `json:"acknowledged_by"`
	AckByName      *string         `json:"acknowledged_by_name"`
	AcknowledgedAt *time.Time      `json:"acknowledged_at"`
	Action         *string         `json:"action"`
}

func alertOut(al *domain.OutcomeAlert) alertJSON {
	out := alertJSON{ID: al.ID, AssignmentID: al.AssignmentID, Instrument: al.InstrumentName, Items: []alertItemJSON{},
		RaisedAt: al.CreatedAt, Overdue: al.Overdue, EscalatedAt: al.EscalatedAt, AcknowledgedAt: al.AckAt}
	for _, it := range al.Items {
		out.Items = append(out.Items, alertItemJSON{it.Question, it.Answer})
	}
	if al.AckAt != nil {
		out.AcknowledgedBy, out.AckByName, out.Action = &al.AckBy, &al.AckByName, &al.Action
	}
	return out
}

// caseAlerts lists a case's risk alerts, newest first, acknowledged or not.
func (a *API) caseAlerts(w http.ResponseWriter, r *http.Request) {
	all, err := a.Questionnaires.CaseAlerts(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := []alertJSON{}
	for _, al := range all {
		out = append(out, alertOut(al))
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"alerts": out})
}
