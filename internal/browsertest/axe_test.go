package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// axeRun runs the rules of the WCAG levels attune promises, up to 2.2 AA.
const axeRun = `axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})
  .then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.slice(0, 3).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary || ''})),
    count: v.nodes.length,
  })))`

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
	Count   int       `json:"count"`
}

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

var axeSource = sync.OnceValues(func() ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", "axe.min.js"))
})

// checkAxe runs axe-core on the page and fails on every serious or critical
// violation, naming the rule, its help and the elements to fix.
func (p *tab) checkAxe(name string) {
	p.t.Helper()
	src, err := axeSource()
	if err != nil {
		p.t.Fatalf("read axe-core: %v", err)
	}
	if !eval[bool](p, "typeof window.axe === 'object'") {
		run(p, "load axe-core", chromedp.Evaluate[chromedp.Void](string(src)))
	}
	for _, v := range eval[[]axeViolation](p, axeRun, chromedp.EvalAwaitPromise) {
		report := p.t.Logf
		if v.Impact == "serious" || v.Impact == "critical" {
			report = p.t.Errorf
		}
		report("%s: axe %s (%s, %d elements): %s — %s%s", name, v.ID, v.Impact, v.Count, v.Help, v.HelpURL, nodeList(v.Nodes))
	}
}

func nodeList(ns []axeNode) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString("\n    at " + n.Target + "  " + n.HTML)
		if n.Summary != "" {
			b.WriteString("\n       " + strings.ReplaceAll(n.Summary, "\n", "\n       "))
		}
	}
	return b.String()
}
