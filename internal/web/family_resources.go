package web

import (
	"encoding/json"
	"html/template"
	"io"
	"net/http"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/server"
)

// The Resources page introduces the work to families and professionals.
// An administrator edits it, uploads its pictures and videos, and chooses
// whether everyone or signed-in families only may read it.
func (ui *UI) registerResources(s *server.Server) {
	s.Handle("GET /resources", server.Public, ui.resources)
	s.Handle("GET /resources/media/{id}", server.Public, ui.resourceMedia)
	s.Handle("GET /admin/resources", server.Admin, ui.resourcesForm)
	s.Handle("POST /admin/resources", server.Admin, ui.saveResources)
	s.Handle("POST /admin/resources/media", server.Admin, ui.uploadResourceMedia)
	s.Handle("POST /admin/resources/media/{id}/delete", server.Admin, ui.deleteResourceMedia)
	s.Handle("POST /admin/family/languages", server.Admin, ui.addFamilyLanguage)
	s.Handle("GET /admin/family/languages/en.json", server.Admin, ui.englishCatalogue)
	s.AllowLargeBody(http.MethodPost, "/admin/resources/media", family.MaxMedia+1<<20)
}

// mayReadResources tells whether this caller may read the page now.
func (ui *UI) mayReadResources(r *http.Request, res *family.Resources) bool {
	id := server.IdentityOf(r)
	return res.Audience == family.AudiencePublic || id.Family != nil || (id.User != nil && id.Session != nil && id.Session.MFAPassed)
}

// resourcesPage is the Resources page in the reader's language, or in
// English (with a note) when the service hasn't written it in theirs.
type resourcesPage struct {
	Page    template.HTML
	English bool
}

func (ui *UI) resources(w http.ResponseWriter, r *http.Request) {
	v := ui.fview(r, nil)
	res, err := ui.Family.Resources(r.Context(), v.L.Code)
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	if !ui.mayReadResources(r, res) {
		http.Redirect(w, r, "/family/signin", http.StatusSeeOther)
		return
	}
	videos, _ := ui.Family.VideoIDs(r.Context())
	page, err := renderMarkdown(res.Markdown, videos)
	if err != nil {
		ui.familyProblem(w, r, err)
		return
	}
	v.Body = resourcesPage{Page: page, English: res.English}
	ui.renderF(w, r, http.StatusOK, "family_resources", "f.resources", v)
}

func (ui *UI) resourceMedia(w http.ResponseWriter, r *http.Request) {
	res, err := ui.Family.Resources(r.Context(), "en")
	if err == nil && !ui.mayReadResources(r, res) {
		err = domain.NotFound("file")
	}
	var f *family.MediaFile
	if err == nil {
		f, err = ui.Family.OpenMedia(r.Context(), r.PathValue("id"))
	}
	if err != nil {
		http.Error(w, domain.ErrorMessage(err), server.Status(err))
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", f.Info.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=300")
	ahead := f.ReadAhead(1 << 20)
	defer ahead.Close()
	http.ServeContent(w, r, "", f.Info.CreatedAt, ahead)
}

type resourcesAdmin struct {
	Lang    string // the language of the text being edited
	English bool   // that language has no text yet: families see the English page
	Form    *Form
	Media   []*domain.FamilyMedia
	Custom  bool
	PIN     bool
	Langs   []langOpt
	Preview template.HTML
}

func (ui *UI) resourcesAdminView(r *http.Request, f *Form) (*resourcesAdmin, error) {
	lang := r.URL.Query().Get("lang")
	if f != nil && f.Get("lang") != "" {
		lang = f.Get("lang")
	}
	if lang == "" {
		lang = "en"
	}
	res, err := ui.Family.Resources(r.Context(), lang)
	if err != nil {
		return nil, err
	}
	ms, err := ui.Family.Media(r.Context(), server.IdentityOf(r).Actor())
	if err != nil {
		return nil, err
	}
	pin, err := ui.Family.PINEnabled(r.Context())
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = &Form{Values: map[string]string{"markdown": res.Markdown, "audience": res.Audience, "lang": lang}, Errors: map[string]string{}}
		if res.English {
			f.Values["markdown"] = ""
		}
		if pin {
			f.Values["pin"] = "on"
		}
	}
	langs, _ := ui.langs(r.Context())
	return &resourcesAdmin{Lang: lang, English: res.English, Form: f, Media: ms, Custom: res.Custom && !res.English, PIN: pin, Langs: langs}, nil
}

func (ui *UI) resourcesForm(w http.ResponseWriter, r *http.Request) {
	v, err := ui.resourcesAdminView(r, nil)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.render(w, r, http.StatusOK, "family_admin", View{Title: "Families", Nav: "families", Data: v})
}

func (ui *UI) saveResources(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "markdown", "audience", "pin", "lang")
	a := server.IdentityOf(r).Actor()
	err := ui.Family.SetResources(r.Context(), a, f.Get("lang"), f.Get("markdown"), f.Get("audience"))
	if err == nil {
		err = ui.Family.SetPINEnabled(r.Context(), a, f.Get("pin") == "on")
	}
	if err != nil {
		ui.adminProblem(w, r, f, err)
		return
	}
	redirect(w, r, "/admin/resources?lang="+urlQueryEscape(f.Get("lang")), "Saved.")
}

func (ui *UI) adminProblem(w http.ResponseWriter, r *http.Request, f *Form, err error) {
	v, verr := ui.resourcesAdminView(r, f)
	if verr != nil {
		ui.fail(w, r, verr)
		return
	}
	v.Form.Fail(err)
	ui.render(w, r, server.Status(err), "family_admin", View{Title: "Families", Nav: "families", Data: v})
}

func (ui *UI) uploadResourceMedia(w http.ResponseWriter, r *http.Request) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		ui.adminProblem(w, r, nil, domain.FieldError("file", "Choose a picture or a short video to upload (up to 64 MB)."))
		return
	}
	defer file.Close()
	m, err := ui.Family.AddMedia(r.Context(), server.IdentityOf(r).Actor(), hdr.Filename, file)
	if err != nil {
		ui.adminProblem(w, r, nil, err)
		return
	}
	redirect(w, r, "/admin/resources", "Uploaded. Put it on the page with: ![what it shows](/resources/media/"+m.ID+")")
}

func (ui *UI) deleteResourceMedia(w http.ResponseWriter, r *http.Request) {
	if err := ui.Family.DeleteMedia(r.Context(), server.IdentityOf(r).Actor(), r.PathValue("id")); err != nil {
		ui.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/resources", "The file was deleted.")
}

func (ui *UI) addFamilyLanguage(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "lang", "name")
	file, _, err := r.FormFile("file")
	if err != nil {
		ui.adminProblem(w, r, nil, domain.FieldError("file", "Choose the language's catalogue: a JSON file made from the English one."))
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, 512<<10))
	if err == nil {
		err = ui.Family.AddLocale(r.Context(), server.IdentityOf(r).Actor(), f.Get("lang"), f.Get("name"), data, familyEnglish())
	}
	if err != nil {
		ui.adminProblem(w, r, nil, err)
		return
	}
	redirect(w, r, "/admin/resources", "The language was added. Families can choose it now.")
}

func (ui *UI) englishCatalogue(w http.ResponseWriter, r *http.Request) {
	b, _ := json.MarshalIndent(familyEnglish(), "", "  ")
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="family-en.json"`)
	w.Write(b)
}
