package web

import (
	"net/http"
	"strconv"

	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/server"
)

// endingNotes are what the ending page asks for: the descriptions again,
// then the closing letter's own words and the family's ideas for the future.
var endingNotes = []string{domain.NoteEndingChild, domain.NoteEndingRelationship, domain.NoteLetter, domain.NoteFuture}

type endingView struct {
	Case    *domain.Case
	CanEdit bool
	Life    *lifecycle.Overview
	Rates   *Form // the ratings at the ending
	Letter  *Form // the letter's words
	// Greeting is how the letter greets the family, so the opening words
	// need not say it again.
	Greeting string
}

func (ui *UI) ending(w http.ResponseWriter, r *http.Request) {
	c, ok := ui.caseToWrite(w, r, false)
	if !ok {
		return
	}
	f, err := ui.notesForm(r, c.ID, endingNotes)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.renderEnding(w, r, http.StatusOK, c, emptyForm(), f)
}

func emptyForm() *Form { return &Form{Values: map[string]string{}, Errors: map[string]string{}} }

func (ui *UI) renderEnding(w http.ResponseWriter, r *http.Request, status int, c *domain.Case, rates, letter *Form) {
	id := server.IdentityOf(r)
	life, err := ui.Lifecycle.Overview(r.Context(), id.Actor(), c.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	for _, g := range life.Goals {
		if _, seen := rates.Values["goal-"+g.ID]; !seen {
			rates.Values["goal-"+g.ID] = endingRating(g)
		}
	}
	v := endingView{Case: c, CanEdit: casework.CanEdit(id.User, c), Life: life, Rates: rates, Letter: letter,
		Greeting: lifecycle.LetterGreeting(c)}
	ui.render(w, r, status, "ending", View{Title: "The ending · " + c.Reference, Nav: "caseload", Data: v})
}

// endingRating is the goal's latest rating at the ending, or "".
func endingRating(g *domain.Goal) string {
	out := ""
	for _, rt := range g.Ratings {
		if rt.Point == domain.PointEnding {
			out = strconv.Itoa(rt.Value)
		}
	}
	return out
}

// rateAtEnding saves the family's ratings of their open goals at the
// ending: every goal needs one, and nothing is saved until all are right.
func (ui *UI) rateAtEnding(w http.ResponseWriter, r *http.Request) {
	c, ok := ui.caseToWrite(w, r, true)
	if !ok {
		return
	}
	a := server.IdentityOf(r).Actor()
	life, err := ui.Lifecycle.Overview(r.Context(), a, c.ID)
	if err == nil && life.Stage != domain.StageEnding {
		err = domain.Errorf(domain.ECONFLICT, "The goals are rated for the ending once the case is at its ending. Finish the cycles, then choose “Move to the ending” on the case page.")
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	f, values := readEndingRatings(r, life.Goals)
	for id, v := range values {
		if f.HasErrors() {
			break
		}
		if _, err := ui.Lifecycle.Rate(r.Context(), a, id, v); err != nil {
			f.Fail(err)
		}
	}
	if f.HasErrors() {
		letter, _ := ui.notesForm(r, c.ID, endingNotes)
		ui.renderEnding(w, r, http.StatusBadRequest, c, f, letter)
		return
	}
	redirect(w, r, "/cases/"+c.ID+"/ending#h-letter", "The ratings at the ending are saved.")
}

// readEndingRatings reads one rating from 0 to 10 for each open goal.
func readEndingRatings(r *http.Request, goals []*domain.Goal) (*Form, map[string]int) {
	f, values := emptyForm(), map[string]int{}
	for _, g := range goals {
		if g.Status != domain.GoalOpen {
			continue
		}
		name := "goal-" + g.ID
		f.Values[name] = r.PostFormValue(name)
		v, err := strconv.Atoi(f.Values[name])
		if err != nil || v < 0 || v > 10 {
			f.Fail(domain.FieldError(name, "Choose where the family is now on “%s”, from 0 to 10.", g.HelpingQuestion))
			continue
		}
		values[g.ID] = v
	}
	return f, values
}

func (ui *UI) saveLetterText(w http.ResponseWriter, r *http.Request) {
	c, ok := ui.caseToWrite(w, r, true)
	if !ok {
		return
	}
	f := newForm(r, endingNotes...)
	if !ui.putNotes(r, f, c.ID, endingNotes) {
		ui.renderEnding(w, r, http.StatusBadRequest, c, emptyForm(), f)
		return
	}
	redirect(w, r, "/cases/"+c.ID+"/ending#h-letter", "The letter's words are saved.")
}
