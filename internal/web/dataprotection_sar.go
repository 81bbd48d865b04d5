package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/http"

	"github.com/attune-vig/attune/internal/sar"
	"github.com/attune-vig/attune/internal/server"
)

// SARSummary renders the readable summary of a subject access export.
func SARSummary(b *sar.Bundle) ([]byte, error) {
	t, err := template.New("sar").Funcs(funcs).ParseFS(files, "templates/sar_summary.gohtml")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = t.ExecuteTemplate(&buf, "sar-summary", b)
	return buf.Bytes(), err
}

func (ui *UI) registerSAR(s *server.Server) {
	s.Handle("GET /cases/{id}/export", server.CaseStaff, ui.exportForm, server.Views("case"))
	s.Handle("POST /cases/{id}/export", server.CaseStaff, ui.createExport)
	s.Handle("GET /exports/{id}", server.Staff, ui.showExport, server.Views("sar_export"))
	s.Handle("GET /exports/{id}/download", server.Staff, ui.downloadExport, server.Views("sar_export"))
}

func (ui *UI) exportForm(w http.ResponseWriter, r *http.Request) {
	c, err := ui.SAR.People(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "dp_export", View{Title: "Everything held about this family", Nav: "caseload", Data: c})
}

func (ui *UI) createExport(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	e, err := ui.SAR.Create(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.PostForm["withhold"])
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/exports/"+e.ID, "The export is ready.")
}

func (ui *UI) showExport(w http.ResponseWriter, r *http.Request) {
	e, err := ui.SAR.Export(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "dp_export_ready", View{Title: "Export ready", Nav: "caseload", Data: e})
}

func (ui *UI) downloadExport(w http.ResponseWriter, r *http.Request) {
	d, err := ui.SAR.Open(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	defer d.Close()
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="subject-access-%s.zip"`, d.Export.CreatedAt.Format("2006-01-02")))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", fmt.Sprint(d.Size()))
	if _, err := io.Copy(w, d); err != nil {
		server.LogError(r, err)
	}
}
