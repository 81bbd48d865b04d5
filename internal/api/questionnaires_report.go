package api

import (
	"net/http"
	"time"

	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

func (a *API) registerReport(s *server.Server) {
	s.Handle("GET /api/v1/report", server.Admin, a.report)
	s.Handle("GET /api/v1/report.csv", server.Admin, a.reportCSV)
}

func (a *API) serviceReport(r *http.Request) (*questionnaires.Report, error) {
	from, to, err := questionnaires.ParsePeriod(r.URL.Query().Get("from"), r.URL.Query().Get("to"), time.Now())
	if err != nil {
		return nil, err
	}
	return a.Questionnaires.Report(r.Context(), server.IdentityOf(r).Actor(), from, to)
}

func (a *API) report(w http.ResponseWriter, r *http.Request) {
	rep, err := a.serviceReport(r)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	figures := []map[string]string{}
	for _, f := range rep.Figures() {
		figures = append(figures, map[string]string{"measure": f.Measure, "statistic": f.Key, "label": f.Label, "value": f.Value})
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"from": rep.From.Format("2006-01-02"),
		"to": rep.To.AddDate(0, 0, -1).Format("2006-01-02"), "figures": figures})
}

func (a *API) reportCSV(w http.ResponseWriter, r *http.Request) {
	rep, err := a.serviceReport(r)
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="service-outcomes.csv"`)
	w.Write(rep.CSV())
}
