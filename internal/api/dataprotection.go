package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/server"
)

// registerDataProtection adds the retention dry run for administrators.
func (a *API) registerDataProtection(s *server.Server) {
	s.Handle("GET /api/v1/retention/plan", server.Admin, a.retentionPlan)
}

type retentionItemJSON struct {
	Kind        string    `json:"kind"`
	CaseID      string    `json:"case_id"`
	RecordingID string    `json:"recording_id,omitempty"`
	Due         time.Time `json:"due"`
	Held        bool      `json:"held"`
	Rule        string    `json:"rule"`
}

// retentionPlan is the dry run: what the rules will erase, and when.
func (a *API) retentionPlan(w http.ResponseWriter, r *http.Request) {
	rep, err := a.Retention.DryRun(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := struct {
		Now          time.Time           `json:"now"`
		Items        []retentionItemJSON `json:"items"`
		AuditEntries int64               `json:"audit_entries_due"`
		AuditBefore  *time.Time          `json:"audit_written_before,omitempty"`
	}{Now: rep.Now, Items: []retentionItemJSON{}, AuditEntries: rep.AuditEntries}
	if !rep.AuditBefore.IsZero() {
		out.AuditBefore = &rep.AuditBefore
	}
	for _, it := range rep.Items {
		out.Items = append(out.Items, retentionItemJSON{Kind: it.Kind, CaseID: it.CaseID, RecordingID: it.RecordingID, Due: it.Due, Held: it.Held, Rule: it.Rule})
	}
	server.WriteJSON(w, http.StatusOK, out)
}
