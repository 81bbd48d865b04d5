package web

import (
	"net/http"

	"github.com/attune-vig/attune/internal/server"
)

// setAttendance records whether a session took place, from the case page.
func (ui *UI) setAttendance(w http.ResponseWriter, r *http.Request) {
	err := ui.Lifecycle.SetAttendance(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), r.PostFormValue("attendance"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	msg := "Attendance saved: " + attendanceLabel(r.PostFormValue("attendance")) + "."
	if r.PostFormValue("attendance") == "" {
		msg = "Attendance cleared."
	}
	redirect(w, r, "/cases/"+r.PostFormValue("case")+"#h-sessions", msg)
}
