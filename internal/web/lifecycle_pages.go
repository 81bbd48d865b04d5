package web

import (
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

func init() {
	funcs["taskLink"] = taskLink
	funcs["attendanceLabel"] = attendanceLabel
	funcs["attendances"] = func() []string { return lifecycle.Attendances[1:] }
}

// registerLifecyclePages adds the pages of the intervention that sit beside
// the case page: the first meeting's notes, the ending, attendance and the
// guider's calendar feed.
func (ui *UI) registerLifecyclePages(s *server.Server) {
	s.Handle("GET /cases/{id}/first-meeting", server.CaseStaff, ui.firstMeeting, server.Views("case"))
	s.Handle("POST /cases/{id}/first-meeting", server.CaseStaff, ui.saveFirstMeeting)
	s.Handle("GET /cases/{id}/ending", server.CaseStaff, ui.ending, server.Views("case"))
	s.Handle("POST /cases/{id}/ending/ratings", server.CaseStaff, ui.rateAtEnding)
	s.Handle("POST /cases/{id}/ending/letter", server.CaseStaff, ui.saveLetterText)
	s.Handle("POST /sessions/{id}/attendance", server.CaseStaff, ui.setAttendance)
	s.Handle("GET /calendar", server.CaseStaff, ui.calendar, server.Views("session"))
	s.Handle("POST /calendar", server.CaseStaff, ui.newCalendarFeed)
	s.Handle("POST /calendar/revoke", server.CaseStaff, ui.revokeCalendarFeed)
}

// taskLink is the page where a task of the case's task list is done, if it
// has one of its own.
func taskLink(caseID string, t lifecycle.Task) string {
	switch t.Name {
	case "First meeting and goals":
		return "/cases/" + caseID + "/first-meeting"
	case "Consent":
		return "/cases/" + caseID + "/consent"
	case "Re-rate the goals, closing letter":
		return "/cases/" + caseID + "/ending"
	}
	return ""
}

// attendanceLabel says in words whether a session took place.
func attendanceLabel(a string) string {
	return map[string]string{"attended": "Attended", "cancelled": "Cancelled", "did_not_attend": "Did not attend"}[a]
}

func init() {
	funcs["noteField"] = func(f *Form, name, label, hint string, rows int) noteField {
		return noteField{f, name, label, hint, rows}
	}
	funcs["noteKinds"] = func(kinds ...string) []string { return kinds }
	funcs["noteLabel"] = lifecycle.NoteLabel
}

// noteField is one large text box of a notes form, with its words.
type noteField struct {
	Form        *Form
	Name, Label string
	Hint        string
	Rows        int
}

func init() {
	funcs["reviewed"] = func(cs []*domain.Cycle) []*domain.Cycle {
		var out []*domain.Cycle
		for _, c := range cs {
			if c.Status == domain.CycleReviewed && c.ParentWords != "" {
				out = append(out, c)
			}
		}
		return out
	}
}

func init() {
	funcs["attendanceOf"] = func(c *domain.Case, m *domain.Meeting) struct {
		Case    *domain.Case
		Session *domain.Meeting
	} {
		return struct {
			Case    *domain.Case
			Session *domain.Meeting
		}{c, m}
	}
}

func init() {
	funcs["recordingCycle"] = func(r *domain.Recording, cs []*domain.Cycle) struct {
		Recording *domain.Recording
		Cycles    []*domain.Cycle
	} {
		return struct {
			Recording *domain.Recording
			Cycles    []*domain.Cycle
		}{r, cs}
	}
}
