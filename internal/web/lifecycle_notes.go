package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

// firstMeetingNotes are the notes written with the family at the first
// meeting, in the order the page asks for them.
var firstMeetingNotes = []string{domain.NoteChild, domain.NoteRelationship, domain.NoteFirstMeeting}

type notesView struct {
	Case    *domain.Case
	CanEdit bool
	Form    *Form
}

// caseToWrite reads the case of the page; for a form sent, it also checks
// the caller may change the case.
func (ui *UI) caseToWrite(w http.ResponseWriter, r *http.Request, mustEdit bool) (*domain.Case, bool) {
	id := server.IdentityOf(r)
	c, err := ui.Cases.Get(r.Context(), id.Actor(), r.PathValue("id"))
	if err == nil && mustEdit && !casework.CanEdit(id.User, c) {
		err = domain.Errorf(domain.EFORBIDDEN, "You can look at this case but not change it. Ask the practitioner who owns it.")
	}
	if err != nil {
		ui.fail(w, r, err)
		return nil, false
	}
	return c, true
}

// notesForm fills a form with the case's saved notes of the given kinds.
func (ui *UI) notesForm(r *http.Request, caseID string, kinds []string) (*Form, error) {
	notes, err := ui.Lifecycle.Notes(r.Context(), server.IdentityOf(r).Actor(), caseID)
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range kinds {
		if n := notes[k]; n != nil {
			f.Values[k] = n.Body
		}
	}
	return f, err
}

func (ui *UI) firstMeeting(w http.ResponseWriter, r *http.Request) {
	c, ok := ui.caseToWrite(w, r, false)
	if !ok {
		return
	}
	f, err := ui.notesForm(r, c.ID, firstMeetingNotes)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.renderFirstMeeting(w, r, http.StatusOK, c, f)
}

func (ui *UI) renderFirstMeeting(w http.ResponseWriter, r *http.Request, status int, c *domain.Case, f *Form) {
	v := notesView{Case: c, CanEdit: casework.CanEdit(server.IdentityOf(r).User, c), Form: f}
	ui.render(w, r, status, "first_meeting", View{Title: "First meeting notes · " + c.Reference, Nav: "caseload", Data: v})
}

func (ui *UI) saveFirstMeeting(w http.ResponseWriter, r *http.Request) {
	c, ok := ui.caseToWrite(w, r, true)
	if !ok {
		return
	}
	f := newForm(r, firstMeetingNotes...)
	if !ui.putNotes(r, f, c.ID, firstMeetingNotes) {
		ui.renderFirstMeeting(w, r, http.StatusBadRequest, c, f)
		return
	}
	redirect(w, r, "/cases/"+c.ID, "The first meeting notes are saved.")
}

// putNotes saves the form's notes of the given kinds, after checking every
// one of them, so that nothing is half saved. It reports whether all were.
func (ui *UI) putNotes(r *http.Request, f *Form, caseID string, kinds []string) bool {
	for _, k := range kinds {
		if utf8.RuneCountInString(strings.TrimSpace(f.Get(k))) > lifecycle.MaxNote {
			f.Fail(domain.FieldError(k, "This is longer than %d characters. Shorten it, or keep the rest in your own records.", lifecycle.MaxNote))
		}
	}
	if f.HasErrors() {
		return false
	}
	for _, k := range kinds {
		if err := ui.Lifecycle.PutNote(r.Context(), server.IdentityOf(r).Actor(), caseID, k, f.Get(k)); err != nil {
			f.Fail(err)
			return false
		}
	}
	return true
}
