package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
)

// saveQ keeps the page's answers, then moves on, saves for later or sends.
// Answers are saved on every page (and as they are chosen, by script), so a
// closed browser loses nothing.
func (ui *UI) saveQ(w http.ResponseWriter, r *http.Request, c *qCaller) {
	f, err := ui.Questionnaires.Open(r.Context(), c.acc)
	if err != nil {
		ui.parentProblem(w, r, c, err)
		return
	}
	if c.lang == "" {
		c.lang = f.Assignment.Language
	}
	page, _ := strconv.Atoi(r.PostFormValue("p"))
	pages := pagesOf(f.Instrument, f.Answers)
	page = min(max(page, 1), len(pages))
	act := r.PostFormValue("act")
	ans := questionnaires.Answers{}
	for _, it := range pages[page-1].Items {
		// An autosave changes only the answers it carries: one sent
		// before a later save (a slow connection) must not clear answers
		// chosen since. Moving between pages saves the whole page.
		if _, sent := r.PostForm["a."+it.LinkID]; sent || act != "autosave" {
			ans[it.LinkID] = r.PostFormValue("a." + it.LinkID)
		}
	}
	if err := ui.Questionnaires.Save(r.Context(), c.acc, ans); err != nil {
		ui.qProblem(w, r, c, err)
		return
	}
	switch act {
	case "autosave":
		w.WriteHeader(http.StatusNoContent)
	case "later":
		ui.showQ(w, r, c, http.StatusOK, nil)
	case "send":
		ui.sendQ(w, r, c)
	default:
		next := page + 1
		if act == "back" {
			next = page - 1
		}
		q := url.Values{"p": {strconv.Itoa(next)}}
		if !c.staff {
			q.Set("lang", c.lang)
		}
		http.Redirect(w, r, c.action+"?"+q.Encode(), http.StatusSeeOther)
	}
}

func (ui *UI) sendQ(w http.ResponseWriter, r *http.Request, c *qCaller) {
	as, sc, err := ui.Questionnaires.Submit(r.Context(), c.acc)
	if err != nil {
		ui.qProblem(w, r, c, err)
		return
	}
	if c.staff {
		msg := as.InstrumentName + " sent."
		if sc.Total != nil {
			msg = as.InstrumentName + " sent: " + strconv.FormatFloat(*sc.Total, 'f', -1, 64) + " (" + sc.Band + ")."
		}
		redirect(w, r, "/cases/"+as.CaseID+"#h-outcomes", msg)
		return
	}
	ui.renderQ(w, r, http.StatusOK, "q_done", View{Title: tr(c.lang, "q.done.title"), Data: ui.doneData(r, c.lang, len(sc.Risks) > 0)})
}

// qProblem shows an answer's problem on its page; anything else as a refusal.
func (ui *UI) qProblem(w http.ResponseWriter, r *http.Request, c *qCaller, err error) {
	if e, ok := err.(*domain.Error); ok && e.Code == domain.EINVALID {
		if r.PostFormValue("act") == "autosave" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		ui.showQ(w, r, c, http.StatusBadRequest, e)
		return
	}
	ui.parentProblem(w, r, c, err)
}
