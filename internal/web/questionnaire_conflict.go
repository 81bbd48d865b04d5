package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/attune-vig/attune/internal/questionnaires"
)

// conflictNumbers names the questions changed in another tab, in the
// questionnaire's order: "2 and 3".
func conflictNumbers(in *questionnaires.Instrument, lang string, c *questionnaires.Conflict) string {
	var nums []string
	for _, it := range in.Questions() {
		if _, ok := c.Newer[it.LinkID]; ok {
			nums = append(nums, it.Number())
		}
	}
	if len(nums) < 2 {
		return strings.Join(nums, "")
	}
	return strings.Join(nums[:len(nums)-1], ", ") + " " + tr(lang, "q.and") + " " + nums[len(nums)-1]
}

// conflictJSON tells the page's script which answers another tab changed:
// the newer answers to show and the words to say it with.
func conflictJSON(f *questionnaires.Form, lang string, c *questionnaires.Conflict) map[string]any {
	ids := make([]string, 0, len(c.Newer))
	for k := range c.Newer {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return map[string]any{"version": c.Version, "answers": c.Newer, "items": ids,
		"message": tr(lang, "q.conflict", conflictNumbers(f.Instrument, lang, c))}
}

// showConflict shows the page again after a move or send that would have
// overwritten answers changed in another tab: those show the newer answer,
// what this tab wrote in a text box is shown beside it, nothing is saved,
// and the page now starts from the newer version.
func (ui *UI) showConflict(w http.ResponseWriter, r *http.Request, c *qCaller, conflict *questionnaires.Conflict) {
	f, err := ui.Questionnaires.Open(r.Context(), c.acc)
	if err != nil {
		ui.parentProblem(w, r, c, err)
		return
	}
	page, _ := strconv.Atoi(r.PostFormValue("p"))
	for _, it := range f.Instrument.Questions() {
		if _, ok := conflict.Newer[it.LinkID]; ok {
			page = pageOf(f, it.LinkID) // where the first changed answer is
			break
		}
	}
	v := newQForm(f, c.lang, c.action, page)
	if !c.staff {
		v.Langs = questionnaires.Languages
	} else {
		v.CaseID = f.Assignment.CaseID
	}
	keepPosted(v, r)
	v.Error = tr(c.lang, "q.conflict", conflictNumbers(f.Instrument, c.lang, conflict))
	for i := range v.Items {
		it := &v.Items[i]
		newer, ok := conflict.Newer[it.Item.LinkID]
		if !ok {
			continue
		}
		if mine := r.PostFormValue(it.Name); mine != "" && it.Item.Type == questionnaires.TypeString {
			it.Error = tr(c.lang, "q.conflict.yours", mine)
		}
		it.Value = newer
		if v.ErrorID == "" {
			v.ErrorID = it.ID
		}
	}
	ui.renderQ(w, r, http.StatusConflict, "q_form", View{Title: f.Instrument.Title, Data: v})
}
