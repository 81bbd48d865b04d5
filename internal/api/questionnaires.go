package api

import (
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

func (a *API) registerQuestionnaires(s *server.Server) {
	s.Handle("GET /api/v1/instruments", server.Staff, a.listInstruments, server.Exempt("the instrument library: questions and scoring, no family's answers"))
	s.Handle("POST /api/v1/instruments", server.Admin, a.importInstrument)
	s.Handle("GET /api/v1/instruments/{id}", server.Staff, a.getInstrument, server.Exempt("the instrument library: questions and scoring, no family's answers"))
	s.Handle("POST /api/v1/cases/{id}/assignments", server.CaseStaff, a.assign)
	s.Handle("GET /api/v1/cases/{id}/assignments", server.CaseStaff, a.listAssignments, server.Views("case"))
	s.Handle("POST /api/v1/assignments/{id}/link", server.CaseStaff, a.newLink)
	s.Handle("GET /api/v1/responses/{id}", server.CaseStaff, a.getResponse, server.Views("response"))
	s.Handle("GET /api/v1/cases/{id}/outcomes.csv", server.CaseStaff, a.outcomesCSV, server.Views("case"))
	s.Handle("GET /api/v1/cases/{id}/alerts", server.CaseStaff, a.caseAlerts, server.Views("case"))
	a.registerReport(s)
}

type instrumentJSON struct {
	ID      string `json:"id"`
	Key     string `json:"key"`
	Version int    `json:"version"`
	Name    string `json:"name"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	Licence string `json:"licence,omitempty"`
	Items   int    `json:"questions"`
}

func instrumentOut(in *questionnaires.Instrument) instrumentJSON {
	return instrumentJSON{in.ID, in.Key, in.Version, in.Name, in.Title, in.Source, in.Licence, len(in.Questions())}
}

func (a *API) listInstruments(w http.ResponseWriter, r *http.Request) {
	all, err := a.Questionnaires.Instruments(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := []instrumentJSON{}
	for _, in := range all {
		out = append(out, instrumentOut(in))
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"instruments": out, "goal_based": questionnaires.GoalBased})
}

// importInstrument takes a FHIR R4 Questionnaire: 201 for a new instrument or
// version, 200 when the library already has it unchanged; 400 for a body that
// isn't JSON, 422 naming the JSON path of what is wrong in the Questionnaire.
func (a *API) importInstrument(w http.ResponseWriter, r *http.Request) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/fhir+json" && mt != "application/json" {
		server.WriteError(w, r, domain.Errorf(domain.EUNSUPPORTED, "Send the FHIR Questionnaire with Content-Type: application/fhir+json."))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		server.WriteError(w, r, decodeError(err))
		return
	}
	res, created, err := a.Questionnaires.Import(r.Context(), server.IdentityOf(r).Actor(), body)
	if e, ok := err.(*domain.Error); ok && e.Code == domain.EINVALID && e.Field != "" {
		writeStatus(w, http.StatusUnprocessableEntity, e)
		return
	} else if err != nil {
		server.WriteError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	warnings := append([]string{}, res.Warnings...)
	server.WriteJSON(w, status, map[string]any{"id": res.Instrument.ID, "version": res.Instrument.Version, "created": created, "warnings": warnings})
}

func writeStatus(w http.ResponseWriter, status int, e *domain.Error) {
	var body server.APIError
	body.Error.Code, body.Error.Message, body.Error.Field = e.Code, e.Message, e.Field
	server.WriteJSON(w, status, body)
}

func (a *API) getInstrument(w http.ResponseWriter, r *http.Request) {
	in, err := a.Questionnaires.Instrument(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	if !strings.Contains(r.Header.Get("Accept"), "application/fhir+json") {
		server.WriteJSON(w, http.StatusOK, map[string]any{"instrument": instrumentOut(in), "definition": in})
		return
	}
	b, err := in.ExportFHIR()
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/fhir+json")
	w.Write(b)
}

type assignmentJSON struct {
	ID           string     `json:"id"`
	CaseID       string     `json:"case_id"`
	InstrumentID string     `json:"instrument_id"`
	Instrument   string     `json:"instrument"`
	Point        string     `json:"point"`
	Cycle        int        `json:"cycle,omitempty"`
	Status       string     `json:"status"`
	Language     string     `json:"language"`
	ExpiresAt    time.Time  `json:"expires_at"`
	CompletedAt  *time.Time `json:"completed_at,omitempty"`
	Total        *float64   `json:"total,omitempty"`
	Band         string     `json:"band,omitempty"`
	Risk         bool       `json:"risk,omitempty"`
	Link         string     `json:"link,omitempty"`
}

func assignmentOut(as *domain.Assignment) assignmentJSON {
	return assignmentJSON{ID: as.ID, CaseID: as.CaseID, InstrumentID: as.InstrumentID, Instrument: as.InstrumentName, Point: as.Point,
		Cycle: as.Cycle, Status: as.Status, Language: as.Language, ExpiresAt: as.ExpiresAt, CompletedAt: as.CompletedAt,
		Total: as.Total, Band: as.Band, Risk: as.Risk}
}

func (a *API) assign(w http.ResponseWriter, r *http.Request) {
	var in struct {
		InstrumentID string `json:"instrument_id"`
		Point        string `json:"point"`
		Cycle        int    `json:"cycle"`
		Language     string `json:"language"`
	}
	if err := decode(r, &in); err != nil {
		server.WriteError(w, r, err)
		return
	}
	as, token, err := a.Questionnaires.Assign(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"),
		questionnaires.AssignInput{InstrumentID: in.InstrumentID, Point: in.Point, Cycle: in.Cycle, Language: in.Language})
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	a.writeLink(w, as, token)
}

func (a *API) listAssignments(w http.ResponseWriter, r *http.Request) {
	o, err := a.Questionnaires.CaseOutcomes(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	out := []assignmentJSON{}
	for _, as := range o.Open {
		out = append(out, assignmentOut(as))
	}
	for _, sr := range o.Series {
		for _, res := range sr.Results {
			out = append(out, assignmentOut(res.Assignment))
		}
	}
	server.WriteJSON(w, http.StatusOK, map[string]any{"assignments": out})
}

func (a *API) newLink(w http.ResponseWriter, r *http.Request) {
	as, token, err := a.Questionnaires.NewLink(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	a.writeLink(w, as, token)
}

// writeLink answers with an assignment and the parent's link, shown once.
func (a *API) writeLink(w http.ResponseWriter, as *domain.Assignment, token string) {
	out := assignmentOut(as)
	out.Link = a.Questionnaires.LinkURL(token)
	server.WriteJSON(w, http.StatusCreated, out)
}

func (a *API) getResponse(w http.ResponseWriter, r *http.Request) {
	b, err := a.Questionnaires.ResponseFHIR(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/fhir+json")
	w.Write(b)
}

func (a *API) outcomesCSV(w http.ResponseWriter, r *http.Request) {
	b, err := a.Questionnaires.CaseCSV(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		server.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="outcomes.csv"`)
	w.Write(b)
}
