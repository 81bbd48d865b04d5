package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

// The parent's link: the token in the path opens this one questionnaire and
// nothing else. It sets no cookie, so it gives no session any other route
// could accept.
func (ui *UI) registerQuestionnaireParent(s *server.Server) {
	s.Handle("GET /q/{token}", server.Public, ui.parentForm, server.Views("assignment"))
	s.Handle("POST /q/{token}", server.Public, ui.parentSave)
	s.Handle("GET /assignments/{id}/fill", server.CaseStaff, ui.staffForm, server.Views("assignment"))
	s.Handle("POST /assignments/{id}/fill", server.CaseStaff, ui.staffSave)
}

// qCaller is who is filling in: the parent by link, or the guider with them.
type qCaller struct {
	acc    questionnaires.Access
	action string
	lang   string
	staff  bool
}

func (ui *UI) parentCaller(w http.ResponseWriter, r *http.Request) (*qCaller, bool) {
	lang := r.FormValue("lang")
	if !slices.Contains(questionnaires.Languages, lang) {
		lang = ""
	}
	c := &qCaller{acc: questionnaires.Access{Token: r.PathValue("token"), Actor: server.IdentityOf(r).Actor()},
		action: "/q/" + r.PathValue("token"), lang: lang}
	if !ui.parentLimiter.Allow(r.Context(), server.IdentityOf(r).IP, time.Now()) {
		ui.parentProblem(w, r, c, domain.Errorf(domain.ETOOMANY, "too many"))
		return nil, false
	}
	return c, true
}

func (ui *UI) parentForm(w http.ResponseWriter, r *http.Request) {
	if c, ok := ui.parentCaller(w, r); ok {
		ui.showQ(w, r, c, http.StatusOK, nil)
	}
}

func (ui *UI) parentSave(w http.ResponseWriter, r *http.Request) {
	if c, ok := ui.parentCaller(w, r); ok {
		ui.saveQ(w, r, c)
	}
}

func (ui *UI) staffCaller(r *http.Request) *qCaller {
	id := r.PathValue("id")
	return &qCaller{acc: questionnaires.Access{Actor: server.IdentityOf(r).Actor(), AssignmentID: id},
		action: "/assignments/" + id + "/fill", lang: "en", staff: true}
}

func (ui *UI) staffForm(w http.ResponseWriter, r *http.Request) {
	ui.showQ(w, r, ui.staffCaller(r), http.StatusOK, nil)
}

func (ui *UI) staffSave(w http.ResponseWriter, r *http.Request) { ui.saveQ(w, r, ui.staffCaller(r)) }

// showQ shows one page; a problem with an answer is shown on it.
func (ui *UI) showQ(w http.ResponseWriter, r *http.Request, c *qCaller, status int, problem *domain.Error) {
	f, err := ui.Questionnaires.Open(r.Context(), c.acc)
	if err != nil {
		ui.parentProblem(w, r, c, err)
		return
	}
	if c.lang == "" {
		c.lang = f.Assignment.Language
	}
	page, _ := strconv.Atoi(r.FormValue("p"))
	if page == 0 {
		page = firstOpenPage(f)
	}
	if problem != nil && problem.Field != "" {
		page = max(pageOf(f, problem.Field), 1)
	}
	v := newQForm(f, c.lang, c.action, page)
	v.Saved = r.FormValue("act") == "later" && problem == nil
	v.RiskMessage = ui.Questionnaires.RiskMessage(r.Context(), c.lang)
	if !c.staff {
		v.Langs = questionnaires.Languages
	} else {
		v.CaseID = f.Assignment.CaseID
	}
	if problem != nil {
		keepPosted(v, r)
		v.Error = answerProblem(f, c.lang, problem, r.PostFormValue("a."+problem.Field))
		for i := range v.Items {
			if v.Items[i].Item.LinkID == problem.Field {
				v.Items[i].Error, v.ErrorID = v.Error, v.Items[i].ID
			}
		}
	}
	ui.renderQ(w, r, status, "q_form", View{Title: f.Instrument.Title, Data: v})
}

// answerProblem says what is wrong with an answer in the page's language,
// from the item's own constraints: not a number, not a whole one, below
// the lowest or above the highest allowed, too long, not one of the
// answers, or a question left unanswered.
func answerProblem(f *questionnaires.Form, lang string, e *domain.Error, posted string) string {
	it := f.Instrument.Item(e.Field)
	if it == nil {
		return tr(lang, "q.err.option")
	}
	num := trimDot(it.Number())
	posted = strings.TrimSpace(posted)
	if posted == "" {
		return tr(lang, "q.err.missing", num)
	}
	p := it.Problem(posted)
	if p == nil {
		return tr(lang, "q.err.option")
	}
	switch p.Kind {
	case questionnaires.ProblemNumber:
		return tr(lang, "q.err.number", num)
	case questionnaires.ProblemWhole:
		return tr(lang, "q.err.whole", num)
	case questionnaires.ProblemMin:
		return tr(lang, "q.err.min", num, questionnaires.FormatNumber(p.Limit))
	case questionnaires.ProblemMax:
		return tr(lang, "q.err.max", num, questionnaires.FormatNumber(p.Limit))
	case questionnaires.ProblemLength:
		return tr(lang, "q.err.length", num, formatInt(lang, int(p.Limit)), formatInt(lang, p.Have), formatInt(lang, p.Have-int(p.Limit)))
	}
	return tr(lang, "q.err.option")
}

func trimDot(s string) string {
	if n := len(s); n > 0 && s[n-1] == '.' {
		return s[:n-1]
	}
	return s
}

// parentProblem shows a link that no longer works, or another refusal, in plain words.
func (ui *UI) parentProblem(w http.ResponseWriter, r *http.Request, c *qCaller, err error) {
	if c.staff {
		ui.fail(w, r, err)
		return
	}
	lang := c.lang
	if lang == "" {
		lang = "en"
	}
	key := problemKey(err)
	if key == "q.err.other" {
		server.LogError(r, err)
	}
	ui.renderQ(w, r, server.Status(err), "q_gone", View{Title: tr(lang, "q.gone.title"),
		Data: map[string]string{"Lang": lang, "Message": tr(lang, key)}})
}

// problemKey is the message for a link that no longer works, or another refusal.
func problemKey(err error) string {
	key := map[string]string{domain.ENOTFOUND: "q.err.gone", domain.EFORBIDDEN: "q.err.expired", domain.ECONFLICT: "q.err.sent",
		domain.ETOOMANY: "q.err.toomany"}[domain.ErrorCode(err)]
	if key == "" {
		return "q.err.other"
	}
	return key
}

// keepPosted shows the answers just sent again when the page had a problem,
// so a person fixes one answer instead of choosing them all again.
func keepPosted(v *qForm, r *http.Request) {
	if r.Method != http.MethodPost {
		return
	}
	for i := range v.Items {
		if p := r.PostFormValue(v.Items[i].Name); p != "" {
			v.Items[i].Value = p
		}
	}
}
