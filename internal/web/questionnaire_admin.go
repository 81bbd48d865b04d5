package web

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) registerQuestionnaireAdmin(s *server.Server) {
	s.Handle("GET /admin/instruments", server.Admin, ui.instrumentLibrary)
	s.Handle("POST /admin/instruments", server.Admin, ui.importInstrument)
	s.Handle("GET /admin/instruments/{id}", server.Admin, ui.showInstrument)
	s.Handle("GET /admin/instruments/{id}/fhir", server.Admin, ui.instrumentFHIR)
	s.Handle("GET /admin/report", server.Admin, ui.serviceReport)
	s.Handle("GET /admin/report.csv", server.Admin, ui.serviceReportFile)
	s.Handle("GET /admin/report.pdf", server.Admin, ui.serviceReportFile)
	ui.registerRiskAdmin(s)
}

type libraryView struct {
	Instruments []*questionnaires.Instrument
	GoalBased   string
	Error       string
}

func (ui *UI) instrumentLibrary(w http.ResponseWriter, r *http.Request) {
	ui.showLibrary(w, r, http.StatusOK, "")
}

func (ui *UI) showLibrary(w http.ResponseWriter, r *http.Request, status int, problem string) {
	all, err := ui.Questionnaires.Instruments(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, status, "q_library", View{Title: "Instruments", Nav: "instruments",
		Data: libraryView{Instruments: all, GoalBased: questionnaires.GoalBased, Error: problem}})
}

// importInstrument takes a FHIR Questionnaire pasted or chosen as a file.
func (ui *UI) importInstrument(w http.ResponseWriter, r *http.Request) {
	doc := []byte(strings.TrimSpace(r.FormValue("fhir")))
	if f, _, err := r.FormFile("file"); err == nil {
		doc, err = io.ReadAll(io.LimitReader(f, 1<<20))
		f.Close()
		if err != nil {
			ui.fail(w, r, err)
			return
		}
	}
	if len(doc) == 0 {
		ui.showLibrary(w, r, http.StatusBadRequest, "Choose a FHIR Questionnaire file (.json) or paste one in the box.")
		return
	}
	res, created, err := ui.Questionnaires.Import(r.Context(), server.IdentityOf(r).Actor(), doc)
	if domain.ErrorCode(err) == domain.EINVALID {
		ui.showLibrary(w, r, http.StatusUnprocessableEntity, domain.ErrorMessage(err))
		return
	} else if err != nil {
		ui.fail(w, r, err)
		return
	}
	flash := res.Instrument.Label() + " is in the library."
	if !created {
		flash = "The library already has this exact version of " + res.Instrument.Name + "; nothing changed."
	}
	ui.render(w, r, http.StatusOK, "q_instrument", View{Title: res.Instrument.Name, Nav: "instruments", Flash: flash,
		Data: instrumentView{In: res.Instrument, Warnings: res.Warnings}})
}

type instrumentView struct {
	In       *questionnaires.Instrument
	Warnings []string
}

func (ui *UI) showInstrument(w http.ResponseWriter, r *http.Request) {
	in, err := ui.Questionnaires.Instrument(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "q_instrument", View{Title: in.Name, Nav: "instruments", Data: instrumentView{In: in}})
}

func (ui *UI) instrumentFHIR(w http.ResponseWriter, r *http.Request) {
	in, err := ui.Questionnaires.Instrument(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	b, err := in.ExportFHIR()
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/fhir+json")
	w.Header().Set("Content-Disposition", `attachment; filename="questionnaire.json"`)
	w.Write(b)
}

type reportView struct {
	Report   *questionnaires.Report
	From, To string
	Query    string
	Error    string
}

func (ui *UI) reportFor(r *http.Request) (*questionnaires.Report, error) {
	from, to, err := questionnaires.ParsePeriod(r.FormValue("from"), r.FormValue("to"), time.Now())
	if err != nil {
		return nil, err
	}
	return ui.Questionnaires.Report(r.Context(), server.IdentityOf(r).Actor(), from, to)
}

func (ui *UI) serviceReport(w http.ResponseWriter, r *http.Request) {
	rep, err := ui.reportFor(r)
	v := reportView{Report: rep, From: r.FormValue("from"), To: r.FormValue("to"), Query: r.URL.RawQuery}
	status := http.StatusOK
	if domain.ErrorCode(err) == domain.EINVALID {
		v.Error, status = domain.ErrorMessage(err), http.StatusBadRequest
	} else if err != nil {
		ui.fail(w, r, err)
		return
	}
	if rep != nil {
		v.From, v.To = rep.From.Format("2006-01-02"), rep.To.AddDate(0, 0, -1).Format("2006-01-02")
	}
	ui.render(w, r, status, "q_report", View{Title: "Service report", Nav: "report", Data: v})
}

func (ui *UI) serviceReportFile(w http.ResponseWriter, r *http.Request) {
	rep, err := ui.reportFor(r)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".csv") {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="service-outcomes.csv"`)
		w.Write(rep.CSV())
		return
	}
	b, err := rep.PDF()
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="service-outcomes.pdf"`)
	w.Write(b)
}
