package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/server"
)

// perPage is how many questions a parent sees at once: a calm page on a phone.
const perPage = 3

type qPage struct {
	Lead  string
	Items []*questionnaires.Item
}

// pagesOf splits the questions shown (enableWhen applied to the answers so
// far) into pages of a few, starting a new page where the lead text changes.
func pagesOf(in *questionnaires.Instrument, ans questionnaires.Answers) []qPage {
	var pages []qPage
	add := func(lead string, it *questionnaires.Item) {
		n := len(pages)
		if n == 0 || pages[n-1].Lead != lead || len(pages[n-1].Items) == perPage {
			pages = append(pages, qPage{Lead: lead})
			n++
		}
		pages[n-1].Items = append(pages[n-1].Items, it)
	}
	var walk func(items []questionnaires.Item, lead string)
	walk = func(items []questionnaires.Item, lead string) {
		for i := range items {
			it := &items[i]
			switch it.Type {
			case questionnaires.TypeGroup:
				l := it.Text
				if l == "" {
					l = lead
				}
				walk(it.Items, l)
			case questionnaires.TypeDisplay:
				lead = it.Text
			default:
				if in.Enabled(it, ans) {
					add(lead, it)
				}
				walk(it.Items, lead)
			}
		}
	}
	walk(in.Items, "")
	if len(pages) == 0 {
		pages = []qPage{{}}
	}
	return pages
}

// qItem is one question on a page, with its answer so far.
type qItem struct {
	Item  *questionnaires.Item
	ID    string // the element id
	Name  string // the form field
	Value string
	Error string
}

// qForm is a page of a questionnaire being filled in.
type qForm struct {
	Lang, TextLang  string
	Title           string
	Action          string // where the form posts: the link, or the guider's fill-in page
	Page, Pages     int    // 1-based
	Lead            string
	Items           []qItem
	Answered, Total int
	Error           string
	ErrorID         string
	Saved           bool
	Note            string
	Langs           []string // offered for switching (the parent's pages only)
	CaseID          string   // when the guider fills it in with the parent
	RiskMessage     string   // the service's help message after a risk answer
}

func newQForm(f *questionnaires.Form, lang, action string, page int) *qForm {
	pages := pagesOf(f.Instrument, f.Answers)
	page = min(max(page, 1), len(pages))
	v := &qForm{Lang: lang, TextLang: f.Instrument.Language, Title: f.Instrument.Title, Action: action, Page: page, Pages: len(pages),
		Lead: pages[page-1].Lead}
	if v.TextLang == "" {
		v.TextLang = "en"
	}
	if lang != v.TextLang {
		v.Note = tr(lang, "q.text.note")
	}
	for _, p := range pages {
		for _, it := range p.Items {
			v.Total++
			if f.Answers[it.LinkID] != "" {
				v.Answered++
			}
		}
	}
	for i, it := range pages[page-1].Items {
		v.Items = append(v.Items, qItem{Item: it, ID: fmt.Sprintf("q-%d", i+1), Name: "a." + it.LinkID, Value: f.Answers[it.LinkID]})
	}
	return v
}

// pageOf finds the page a question is on (1-based), or 0.
func pageOf(f *questionnaires.Form, linkID string) int {
	for i, p := range pagesOf(f.Instrument, f.Answers) {
		for _, it := range p.Items {
			if it.LinkID == linkID {
				return i + 1
			}
		}
	}
	return 0
}

// renderQ writes a page in the parent's calm layout (its own language, no staff navigation).
func (ui *UI) renderQ(w http.ResponseWriter, r *http.Request, status int, name string, v View) {
	var buf bytes.Buffer
	if err := ui.pages[name].t.ExecuteTemplate(&buf, "q-layout", v); err != nil {
		server.LogError(r, err)
		http.Error(w, "Something went wrong showing this page. Please try again.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// firstOpenPage is where a returning parent carries on: the first page with
// a question not yet answered (or the last page when all are).
func firstOpenPage(f *questionnaires.Form) int {
	pages := pagesOf(f.Instrument, f.Answers)
	for i, p := range pages {
		for _, it := range p.Items {
			if f.Answers[it.LinkID] == "" {
				return i + 1
			}
		}
	}
	return len(pages)
}
