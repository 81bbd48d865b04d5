package web

import (
	"bytes"
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

// pagesOf splits every question into pages of a few, starting a new page
// where the lead text changes. The pages don't depend on the answers: a
// question that enableWhen hides stays on its page, hidden, so choosing
// "Yes" shows its follow-up at once and moves nothing to another page.
func pagesOf(in *questionnaires.Instrument) []qPage {
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
				add(lead, it)
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

// shown reports whether a page has a question enabled by the answers so far.
func shown(in *questionnaires.Instrument, p qPage, ans questionnaires.Answers) bool {
	for _, it := range p.Items {
		if in.Enabled(it, ans) {
			return true
		}
	}
	return false
}

// stepFrom is the page a parent goes to from page (1-based) by dir (+1 or
// -1), over pages with nothing to answer; page itself when there is none.
func stepFrom(in *questionnaires.Instrument, ans questionnaires.Answers, page, dir int) int {
	pages := pagesOf(in)
	for p := page + dir; p >= 1 && p <= len(pages); p += dir {
		if shown(in, pages[p-1], ans) {
			return p
		}
	}
	return page
}

// pageOf finds the page a question is on (1-based), or 0.
func pageOf(f *questionnaires.Form, linkID string) int {
	for i, p := range pagesOf(f.Instrument) {
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
// a question enabled and not yet answered (or the last page shown when all are).
func firstOpenPage(f *questionnaires.Form) int {
	last := 1
	for i, p := range pagesOf(f.Instrument) {
		for _, it := range p.Items {
			if !f.Instrument.Enabled(it, f.Answers) {
				continue
			}
			if f.Answers[it.LinkID] == "" {
				return i + 1
			}
			last = i + 1
		}
	}
	return last
}
