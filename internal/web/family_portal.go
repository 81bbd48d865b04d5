package web

import (
	"net/http"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/server"
)

func (ui *UI) registerFamilyPortal(s *server.Server) {
	s.Handle("GET /family", server.Family, ui.familyHome, server.Views("case"))
	s.Handle("POST /family/lang", server.Family, ui.familyLang)
	s.Handle("GET /family/calendar.ics", server.Family, ui.familyCalendar, server.Views("case"))
	s.Handle("POST /family/questionnaires/{id}", server.Family, ui.familyQuestionnaire)
	s.Handle("GET /family/films/{id}", server.Family, ui.familyFilm, server.Views("film"))
	s.Handle("GET /family/films/{id}/video", server.Family, ui.familyFilmVideo, server.Views("film"))
	s.Handle("GET /family/films/{id}/download", server.Family, ui.familyFilmVideo, server.Views("film"))
	s.Handle("GET /family/ask", server.Family, ui.familyAskForm, server.Views("family_request"))
	s.Handle("POST /family/ask", server.Family, ui.familyAsk)
}

// unlocked is the signed-in parent, or sends a device that needs its PIN
// to the PIN page.
func (ui *UI) unlocked(w http.ResponseWriter, r *http.Request) (*family.Parent, bool) {
	p := ui.parent(r)
	if p.Session.Locked || p.Session.MustChoosePIN {
		http.Redirect(w, r, "/family/pin", http.StatusSeeOther)
		return nil, false
	}
	return p, true
}

type homeBody struct {
	Name      string
	Home      *family.Home
	Flash     string
	Downloads bool
}

func (ui *UI) familyHome(w http.ResponseWriter, r *http.Request) {
	p, ok := ui.unlocked(w, r)
	if !ok {
		return
	}
	h, err := ui.Family.Home(r.Context(), p)
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	v := ui.fview(r, homeBody{Name: p.Member.Name, Home: h})
	if takeFlash(w, r) != "" {
		v.Body = homeBody{Name: p.Member.Name, Home: h, Flash: v.L.T("f.ask.sent")}
	}
	ui.renderF(w, r, http.StatusOK, "family_home", "f.brand", v)
}

func (ui *UI) familyLang(w http.ResponseWriter, r *http.Request) {
	p := ui.parent(r)
	opts, _ := ui.langs(r.Context())
	lang := r.PostFormValue("lang")
	for _, o := range opts {
		if o.Code == lang {
			if err := ui.Family.SetLang(r.Context(), p, lang); err != nil {
				ui.familyProblem(w, r, err)
				return
			}
			ui.rememberLang(w, lang)
		}
	}
	back := safeNext(r.PostFormValue("back"))
	if !strings.HasPrefix(back, "/family") && !strings.HasPrefix(back, "/resources") {
		back = "/family"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (ui *UI) familyCalendar(w http.ResponseWriter, r *http.Request) {
	p, ok := ui.unlocked(w, r)
	if !ok {
		return
	}
	b, err := ui.Family.Calendar(r.Context(), p)
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="sessions.ics"`)
	w.Write(b)
}

func (ui *UI) familyQuestionnaire(w http.ResponseWriter, r *http.Request) {
	p, ok := ui.unlocked(w, r)
	if !ok {
		return
	}
	token, err := ui.Family.OpenQuestionnaire(r.Context(), p, r.PathValue("id"))
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	http.Redirect(w, r, "/q/"+token+"?lang="+urlQueryEscape(p.Session.Lang), http.StatusSeeOther)
}

type filmBody struct {
	Film      *domain.Film
	Downloads bool
}

func (ui *UI) familyFilm(w http.ResponseWriter, r *http.Request) {
	p, ok := ui.unlocked(w, r)
	if !ok {
		return
	}
	f, err := ui.Family.Film(r.Context(), p, r.PathValue("id"))
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	v := ui.fview(r, filmBody{Film: f, Downloads: ui.Family.DownloadsAllowed(r.Context())})
	ui.renderF(w, r, http.StatusOK, "family_film", "f.films", v)
}

// familyFilmVideo plays a released film (Range requests, permission checked
// on every request) or sends it as a download when the service allows it.
func (ui *UI) familyFilmVideo(w http.ResponseWriter, r *http.Request) {
	p, ok := ui.unlocked(w, r)
	if !ok {
		return
	}
	download := strings.HasSuffix(r.URL.Path, "/download")
	f, err := ui.Family.OpenFilm(r.Context(), p, r.PathValue("id"), true, download)
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", "video/mp4")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", "inline")
	if download {
		h.Set("Content-Disposition", `attachment; filename="film.mp4"`)
	}
	ahead := f.ReadAhead(1 << 20)
	defer ahead.Close()
	http.ServeContent(w, r, "", f.Info.CreatedAt, ahead)
}

type askBody struct {
	Kind string
	Film *domain.Film
}

func (ui *UI) askBody(r *http.Request, p *family.Parent, kind, filmID string) (askBody, error) {
	if kind != domain.RequestFilm {
		return askBody{Kind: domain.RequestData}, nil
	}
	f, err := ui.Family.Film(r.Context(), p, filmID)
	return askBody{Kind: kind, Film: f}, err
}

func (ui *UI) familyAskForm(w http.ResponseWriter, r *http.Request) {
	p, ok := ui.unlocked(w, r)
	if !ok {
		return
	}
	b, err := ui.askBody(r, p, r.URL.Query().Get("kind"), r.URL.Query().Get("film"))
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	ui.renderF(w, r, http.StatusOK, "family_ask", "f.ask.title."+b.Kind, ui.fview(r, b))
}

func (ui *UI) familyAsk(w http.ResponseWriter, r *http.Request) {
	p, ok := ui.unlocked(w, r)
	if !ok {
		return
	}
	f := newForm(r, "kind", "film", "note")
	b, err := ui.askBody(r, p, f.Get("kind"), f.Get("film"))
	if err == nil {
		_, err = ui.Family.Ask(r.Context(), p, b.Kind, f.Get("film"), f.Get("note"))
	}
	if err != nil {
		v := ui.fview(r, b)
		v.Form = f
		v.fail(r, err)
		ui.renderF(w, r, server.Status(err), "family_ask", "f.ask.title."+b.Kind, v)
		return
	}
	redirect(w, r, "/family", "sent")
}
