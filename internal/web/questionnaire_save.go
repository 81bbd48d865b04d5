package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

// saveQ keeps the page's answers, then moves on, saves for later or sends.
// Answers are saved as they are chosen or typed (by script, "autosave" and
// the page's last words on closing), so a closed browser loses nothing.
func (ui *UI) saveQ(w http.ResponseWriter, r *http.Request, c *qCaller) {
	f, err := ui.Questionnaires.Open(r.Context(), c.acc)
	if err != nil {
		ui.parentProblem(w, r, c, err)
		return
	}
	if c.lang == "" {
		c.lang = f.Assignment.Language
	}
	act := r.PostFormValue("act")
	in := questionnaires.SaveInput{Answers: postedAnswers(r, f, act), Writer: r.PostFormValue("w")}
	if base, err := strconv.ParseInt(r.PostFormValue("v"), 10, 64); err == nil {
		in.Check, in.Base = true, base
	}
	in.Seq, _ = strconv.ParseInt(r.PostFormValue("s"), 10, 64)
	saved, err := ui.Questionnaires.SaveVersioned(r.Context(), c.acc, in)
	if err != nil {
		ui.qProblem(w, r, c, f, err)
		return
	}
	page, _ := strconv.Atoi(r.PostFormValue("p"))
	switch act {
	case "autosave":
		server.WriteJSON(w, http.StatusOK, map[string]any{"version": saved.Version, "others": saved.Others})
	case "later":
		ui.showQ(w, r, c, http.StatusOK, nil)
	case "send":
		ui.sendQ(w, r, c)
	default:
		for k, v := range in.Answers { // as saved, to choose the next page with a question shown
			f.Answers[k] = strings.TrimSpace(v)
		}
		dir := 1
		if act == "back" {
			dir = -1
		}
		q := url.Values{"p": {strconv.Itoa(stepFrom(f.Instrument, f.Answers, page, dir))}}
		if !c.staff {
			q.Set("lang", c.lang)
		}
		http.Redirect(w, r, c.action+"?"+q.Encode(), http.StatusSeeOther)
	}
}

// postedAnswers are the answers a post carries. An autosave changes only
// the answers it carries: one sent before a later save (a slow connection)
// must not clear answers chosen since. Moving between pages saves every
// question the page showed (the form lists them), so an answer left empty
// there is cleared; questions on other pages are left alone.
func postedAnswers(r *http.Request, f *questionnaires.Form, act string) questionnaires.Answers {
	ans := questionnaires.Answers{}
	for k, vs := range r.PostForm {
		if id, ok := strings.CutPrefix(k, "a."); ok && len(vs) > 0 {
			ans[id] = vs[0]
		}
	}
	if act == "autosave" {
		return ans
	}
	ids := strings.Fields(r.PostFormValue("shown"))
	if len(ids) == 0 { // a page from before the form listed its questions
		page, _ := strconv.Atoi(r.PostFormValue("p"))
		pages := pagesOf(f.Instrument)
		for _, it := range pages[min(max(page, 1), len(pages))-1].Items {
			ids = append(ids, it.LinkID)
		}
	}
	for _, id := range ids {
		if _, ok := ans[id]; !ok && f.Instrument.Item(id) != nil {
			ans[id] = ""
		}
	}
	return ans
}

func (ui *UI) sendQ(w http.ResponseWriter, r *http.Request, c *qCaller) {
	as, sc, err := ui.Questionnaires.Submit(r.Context(), c.acc)
	if err != nil {
		ui.qProblem(w, r, c, nil, err)
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
	done := ui.doneData(r, c.lang, len(sc.Risks) > 0)
	done["Key"] = "attune-q:" + as.ID
	ui.renderQ(w, r, http.StatusOK, "q_done", View{Title: tr(c.lang, "q.done.title"), Data: done})
}

// qProblem shows an answer's problem, or answers changed in another tab, on
// its page (to the page's script as JSON); anything else as a refusal.
func (ui *UI) qProblem(w http.ResponseWriter, r *http.Request, c *qCaller, f *questionnaires.Form, err error) {
	auto := r.PostFormValue("act") == "autosave"
	var conflict *questionnaires.Conflict
	if errors.As(err, &conflict) && f != nil {
		if auto {
			server.WriteJSON(w, http.StatusConflict, conflictJSON(f, c.lang, conflict))
			return
		}
		ui.showConflict(w, r, c, conflict)
		return
	}
	if e, ok := err.(*domain.Error); ok && e.Code == domain.EINVALID {
		if auto && f != nil {
			server.WriteJSON(w, http.StatusBadRequest, map[string]string{"field": e.Field,
				"message": answerProblem(f, c.lang, e, r.PostFormValue("a."+e.Field))})
			return
		}
		ui.showQ(w, r, c, http.StatusBadRequest, e)
		return
	}
	if auto {
		server.WriteJSON(w, server.Status(err), map[string]string{"message": tr(c.lang, problemKey(err))})
		return
	}
	ui.parentProblem(w, r, c, err)
}
