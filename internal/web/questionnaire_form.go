package web

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/attune-vig/attune/internal/questionnaires"
)

// qItem is one question on a page, with its answer so far.
type qItem struct {
	Item   *questionnaires.Item
	ID     string // the element id
	Name   string // the form field
	Value  string
	Error  string
	Hidden bool   // enableWhen doesn't hold for the answers so far
	Enable string // its enableWhen as JSON, for the page's script
	Hint   string // the limit, said before it bites
	Limit  int    // characters a text answer may have
}

// qForm is a page of a questionnaire being filled in.
type qForm struct {
	Lang, TextLang  string
	Title           string
	Action          string // where the form posts: the link, or the guider's fill-in page
	Page, Pages     int    // 1-based: the page's place among pages with questions shown
	At              int    // the page's own number, which the form posts back
	Last            bool   // no page with a question shown comes after this one
	Lead            string
	Items           []qItem
	Answered, Total int
	Error           string
	ErrorID         string
	Saved           bool
	Note            string
	Langs           []string // offered for switching (the parent's pages only)
	CaseID          string   // when the guider fills it in with the parent
	Version         int64    // the answers version the page starts from
	Known           string   // answers on other pages that enableWhen here looks at, as JSON
	Key             string   // where the page keeps unsent answers in the browser
	Shown           string   // the link ids on the page, space-separated
	RiskMessage     string   // the service's help message after a risk answer
}

func newQForm(f *questionnaires.Form, lang, action string, page int) *qForm {
	pages := pagesOf(f.Instrument)
	page = min(max(page, 1), len(pages))
	v := &qForm{Lang: lang, TextLang: f.Instrument.Language, Title: f.Instrument.Title, Action: action, At: page,
		Lead: pages[page-1].Lead, Version: f.Version, Key: "attune-q:" + f.Assignment.ID}
	if v.TextLang == "" {
		v.TextLang = "en"
	}
	if lang != v.TextLang {
		v.Note = tr(lang, "q.text.note")
	}
	v.count(f, pages)
	v.Last = stepFrom(f.Instrument, f.Answers, page, 1) == page
	var ids []string
	for i, it := range pages[page-1].Items {
		v.Items = append(v.Items, newQItem(f, lang, it, i))
		ids = append(ids, it.LinkID)
	}
	v.Shown = strings.Join(ids, " ")
	v.Known = knownAnswers(f, pages[page-1])
	return v
}

// count fills in the page's place and the questions answered, counting
// only what is shown.
func (v *qForm) count(f *questionnaires.Form, pages []qPage) {
	for i, p := range pages {
		if shown(f.Instrument, p, f.Answers) {
			v.Pages++
			if i+1 <= v.At {
				v.Page = v.Pages
			}
		}
		for _, it := range p.Items {
			if f.Instrument.Enabled(it, f.Answers) {
				v.Total++
				if f.Answers[it.LinkID] != "" {
					v.Answered++
				}
			}
		}
	}
	v.Page = max(v.Page, 1)
	v.Pages = max(v.Pages, v.Page)
}

func newQItem(f *questionnaires.Form, lang string, it *questionnaires.Item, i int) qItem {
	q := qItem{Item: it, ID: fmt.Sprintf("q-%d", i+1), Name: "a." + it.LinkID, Value: f.Answers[it.LinkID],
		Hidden: !f.Instrument.Enabled(it, f.Answers)}
	if len(it.EnableWhen) > 0 {
		b, _ := json.Marshal(map[string]any{"all": it.EnableAll, "when": it.EnableWhen})
		q.Enable = string(b)
	}
	switch it.Type {
	case questionnaires.TypeString:
		q.Limit = it.TextLimit()
		q.Hint = tr(lang, "q.hint.length", formatInt(lang, q.Limit))
	case questionnaires.TypeInteger, questionnaires.TypeDecimal:
		q.Hint = numberHint(lang, it)
	}
	return q
}

// numberHint says the range a number answer takes, when the item sets one.
func numberHint(lang string, it *questionnaires.Item) string {
	lo, hi := it.MinValue, it.MaxValue
	switch {
	case lo != nil && hi != nil:
		return tr(lang, "q.hint.range", questionnaires.FormatNumber(*lo), questionnaires.FormatNumber(*hi))
	case lo != nil:
		return tr(lang, "q.hint.min", questionnaires.FormatNumber(*lo))
	case hi != nil:
		return tr(lang, "q.hint.max", questionnaires.FormatNumber(*hi))
	}
	return ""
}

// knownAnswers are the answers the page's enableWhen conditions look at on
// other pages, so the script can apply them as the server does.
func knownAnswers(f *questionnaires.Form, p qPage) string {
	on := map[string]bool{}
	for _, it := range p.Items {
		on[it.LinkID] = true
	}
	known := map[string]string{}
	for _, it := range p.Items {
		for _, c := range it.EnableWhen {
			if !on[c.Question] {
				known[c.Question] = f.Answers[c.Question]
			}
		}
	}
	b, _ := json.Marshal(known)
	return string(b)
}

// formatInt writes a count the way the language groups digits: 2,000 in
// English, 2000 (and 20 000) in Polish.
func formatInt(lang string, n int) string {
	s := fmt.Sprint(n)
	sep := ","
	if lang == "pl" {
		if len(s) <= 4 {
			return s
		}
		sep = "\u00a0"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}
