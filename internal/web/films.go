package web

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/server"
)

// registerFilms adds the film pages: a case's films, the film builder, the
// shared review, and the administrator's film setting.
func (ui *UI) registerFilms(s *server.Server) {
	s.Handle("GET /cases/{id}/films", server.CaseStaff, ui.caseFilms, server.Views("case"))
	s.Handle("GET /cases/{id}/films/card", server.CaseStaff, ui.filmsCard, server.Views("case"))
	s.Handle("POST /cases/{id}/films", server.CaseStaff, ui.newFilm)
	s.Handle("GET /films/{id}", server.CaseStaff, ui.filmBuilder, server.Views("film"))
	s.Handle("GET /films/{id}/review", server.CaseStaff, ui.filmReview, server.Views("film"))
	s.Handle("POST /films/{id}/release", server.CaseStaff, ui.releaseFilm)
	s.Handle("POST /films/{id}/delete", server.CaseStaff, ui.deleteFilm)
	s.Handle("GET /admin/settings/films", server.Admin, ui.filmSettings)
	s.Handle("POST /admin/settings/films", server.Admin, ui.saveFilmSettings)
}

// filmsView is a case with its films.
type filmsView struct {
	Case    *domain.Case
	Me      *domain.User
	Films   []*domain.Film
	Labels  map[string][]string // per film: each item in words, in order
	Form    *Form
	CanEdit bool
}

func (ui *UI) filmsOf(r *http.Request) (*filmsView, error) {
	id := server.IdentityOf(r)
	c, err := ui.Cases.Get(r.Context(), id.Actor(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	fs, err := ui.Films.ForCase(r.Context(), id.Actor(), c.ID)
	if err != nil {
		return nil, err
	}
	v := &filmsView{Case: c, Me: id.User, Films: fs, Labels: map[string][]string{},
		Form: &Form{Values: map[string]string{}, Errors: map[string]string{}}}
	for _, f := range fs {
		if v.Labels[f.ID], err = ui.Films.ItemLabels(r.Context(), f); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (ui *UI) caseFilms(w http.ResponseWriter, r *http.Request) {
	v, err := ui.filmsOf(r)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "films", View{Title: "Films · " + v.Case.Reference, Nav: "caseload", Data: v})
}

// filmsCard is the case page's films section, loaded into the page.
func (ui *UI) filmsCard(w http.ResponseWriter, r *http.Request) {
	v, err := ui.filmsOf(r)
	if err != nil {
		http.Error(w, domain.ErrorMessage(err), server.Status(err))
		return
	}
	var buf bytes.Buffer
	if err := ui.pages["films"].t.ExecuteTemplate(&buf, "films-card", v); err != nil {
		server.LogError(r, err)
		http.Error(w, "The films couldn't be shown. Reload the page.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// newFilm starts a film with a title card saying its title; the builder
// adds the rest.
func (ui *UI) newFilm(w http.ResponseWriter, r *http.Request) {
	title := r.PostFormValue("title")
	items := []films.ItemInput{{Kind: domain.ItemTitle, Text: title}}
	f, err := ui.Films.Create(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), films.Input{Title: &title, Items: &items})
	if err != nil {
		v, verr := ui.filmsOf(r)
		if verr != nil {
			ui.fail(w, r, err)
			return
		}
		v.Form.Values["title"] = title
		v.Form.Fail(err)
		ui.render(w, r, server.Status(err), "films", View{Title: "Films · " + v.Case.Reference, Nav: "caseload", Data: v})
		return
	}
	redirect(w, r, "/films/"+f.ID, "Film started. Add clips, stills and title cards, then render it.")
}

func (ui *UI) releaseFilm(w http.ResponseWriter, r *http.Request) {
	release := r.PostFormValue("released") == "true"
	f, err := ui.Films.Release(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id"), release)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	msg := "The film is shared with the family."
	if !release {
		msg = "The film is no longer shared with the family."
	} else if ui.nobodyInvited(r, f.CaseID) {
		redirect(w, r, "/cases/"+f.CaseID+"/family", "The film is shared with the family, but nobody can see it yet: no parent is invited. Invite a parent here, and they will find the film on their page.")
		return
	}
	redirect(w, r, "/films/"+f.ID, msg)
}

// nobodyInvited tells whether no parent of a case can sign in to the
// family's page (none invited, or every one's access removed).
func (ui *UI) nobodyInvited(r *http.Request, caseID string) bool {
	ms, err := ui.Family.Members(r.Context(), server.IdentityOf(r).Actor(), caseID)
	if err != nil {
		server.LogError(r, err)
		return false
	}
	for _, m := range ms {
		if m.Active() {
			return false
		}
	}
	return true
}

func (ui *UI) deleteFilm(w http.ResponseWriter, r *http.Request) {
	a := server.IdentityOf(r).Actor()
	f, err := ui.Films.Status(r.Context(), a, r.PathValue("id"))
	if err == nil {
		err = ui.Films.Delete(r.Context(), a, f.ID)
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/cases/"+f.CaseID+"/films", "The film “"+f.Title+"” has been deleted.")
}

// filmJSONAttr is v as JSON, for a data- attribute a script reads.
func filmJSONAttr(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
