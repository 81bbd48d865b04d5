package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"
	"strconv"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

func init() {
	funcs["pointLabelQ"] = questionnaires.PointLabel
	funcs["num"] = func(f *float64) string {
		if f == nil {
			return "–"
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	funcs["signed"] = func(f float64) string {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if f > 0 {
			return "+" + s
		}
		return s
	}
	funcs["points"] = func() []string { return questionnaires.Points }
}

func (ui *UI) registerQuestionnaireStaff(s *server.Server) {
	s.Handle("GET /cases/{id}/outcomes", server.CaseStaff, ui.outcomes, server.Views("case"))
	s.Handle("GET /cases/{id}/outcomes.csv", server.CaseStaff, ui.outcomesCSV, server.Views("case"))
	s.Handle("POST /cases/{id}/assignments", server.CaseStaff, ui.assign)
	s.Handle("POST /assignments/{id}/link", server.CaseStaff, ui.newLink)
	s.Handle("POST /assignments/{id}/email", server.CaseStaff, ui.emailLink)
	s.Handle("POST /assignments/{id}/cancel", server.CaseStaff, ui.cancelAssignment)
	s.Handle("GET /outcomes/alerts", server.Staff, ui.riskAlerts, server.Views("assignment"))
	s.Handle("POST /alerts/{id}/acknowledge", server.CaseStaff, ui.acknowledgeAlert)
}

// outcomes is the case's Outcomes section: loaded into the case page, or a page of its own.
func (ui *UI) outcomes(w http.ResponseWriter, r *http.Request) {
	o, err := ui.Questionnaires.CaseOutcomes(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		ui.fragment(w, r, "q_outcomes", "outcomes", o)
		return
	}
	ui.render(w, r, http.StatusOK, "q_outcomes", View{Title: "Outcomes", Nav: "caseload", Data: o})
}

// fragment writes one template of a page, for htmx to place.
func (ui *UI) fragment(w http.ResponseWriter, r *http.Request, page, name string, data any) {
	var buf bytes.Buffer
	if err := ui.pages[page].t.ExecuteTemplate(&buf, name, data); err != nil {
		server.LogError(r, err)
		http.Error(w, "Something went wrong showing this part of the page. Reload to try again.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (ui *UI) outcomesCSV(w http.ResponseWriter, r *http.Request) {
	b, err := ui.Questionnaires.CaseCSV(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="outcomes.csv"`)
	w.Write(b)
}

// linkView is the page that shows a parent's new link once.
type linkPage struct {
	Assignment *domain.Assignment
	Link       string
	QR         template.URL // a data: URL of the PNG
	CanMail    bool
	Sent       string
}

func (ui *UI) assign(w http.ResponseWriter, r *http.Request) {
	cycle, _ := strconv.Atoi(r.PostFormValue("cycle"))
	as, token, err := ui.Questionnaires.Assign(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), questionnaires.AssignInput{
		InstrumentID: r.PostFormValue("instrument"), Point: r.PostFormValue("point"), Cycle: cycle, Language: r.PostFormValue("language")})
	ui.showLink(w, r, as, token, err)
}

func (ui *UI) newLink(w http.ResponseWriter, r *http.Request) {
	as, token, err := ui.Questionnaires.NewLink(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	ui.showLink(w, r, as, token, err)
}

func (ui *UI) showLink(w http.ResponseWriter, r *http.Request, as *domain.Assignment, token string, err error) {
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	v := linkPage{Assignment: as, Link: ui.publicBase(r) + "/q/" + token, CanMail: ui.Questionnaires.Mail != nil}
	v.QR, err = qrDataURL(v.Link)
	if err != nil {
		server.LogError(r, err)
	}
	ui.render(w, r, http.StatusOK, "q_link", View{Title: "Link for the parent", Nav: "caseload", Data: v})
}

// qrDataURL draws a link as a QR code PNG, inline (the CSP allows data: images).
func qrDataURL(link string) (template.URL, error) {
	code, err := qr.Encode(link, qr.M, qr.Auto)
	if err != nil {
		return "", err
	}
	if code, err = barcode.Scale(code, 240, 240); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, code); err != nil {
		return "", err
	}
	// Safe to mark as a URL: it is made here from the PNG bytes, nothing else.
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}

func (ui *UI) emailLink(w http.ResponseWriter, r *http.Request) {
	link := r.PostFormValue("link")
	err := ui.Questionnaires.EmailLink(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), link, r.PostFormValue("email"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+r.PostFormValue("case")+"#h-outcomes", "The link was e-mailed to "+r.PostFormValue("email")+".")
}

func (ui *UI) cancelAssignment(w http.ResponseWriter, r *http.Request) {
	as, err := ui.Questionnaires.Cancel(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+as.CaseID+"#h-outcomes", as.InstrumentName+" is cancelled; its link no longer works.")
}

// riskAlerts is the caseload's banner of risk answers not yet seen.
func (ui *UI) riskAlerts(w http.ResponseWriter, r *http.Request) {
	alerts, err := ui.Questionnaires.Alerts(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.fragment(w, r, "q_outcomes", "risk-alerts", alerts)
}

func (ui *UI) acknowledgeAlert(w http.ResponseWriter, r *http.Request) {
	caseID, err := ui.Questionnaires.Acknowledge(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.PostFormValue("action"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+caseID+"#h-alerts", "The alert is acknowledged at "+time.Now().Format("15:04")+", with what you did.")
}
