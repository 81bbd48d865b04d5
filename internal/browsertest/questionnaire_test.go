package browsertest

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
)

// TestQuestionnaireByLink: a guider assigns PHQ-9 and gets a link; the parent
// opens it on a phone in a browser of their own, answers across pages,
// closes the browser mid-way (answers kept, even one not yet "Next"-ed),
// reopens, finishes and sends. The score, band and risk alert reach the case
// and the caseload at once. axe runs on every parent page at 360 px.
func TestQuestionnaireByLink(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	in.User(t, "gail@example.org", domain.RolePractitioner, false)
	dir := screenshotDir(t)
	b := newBrowser(t, in.URL)
	g := b.person(t)
	g.enterPassword("gail@example.org")
	g.wantPath("/")
	id := openCase(g)
	waitFor(g, `#q-instrument`)
	phq := eval[string](g, `[...document.querySelectorAll('#q-instrument option')].find(o => o.text.startsWith('PHQ-9')).value`)
	g.fill("#q-instrument", phq)
	g.fill("#q-point", "baseline")
	g.press(`form.assign-form button[type="submit"]`)
	g.wantText("h1", "Link for the parent")
	if g.count(`.q-link-qr img[src^="data:image/png"]`) != 1 {
		t.Error("the link page has no QR code")
	}
	g.lookAt(dir, "questionnaire-link")
	link := eval[string](g, `document.querySelector('#link').value`)
	_, token, ok := strings.Cut(link, "/q/")
	if !ok || len(token) < 43 {
		t.Fatalf("link %q", link)
	}

	// The parent, on a phone, in a browser context of their own.
	parent, closeParent := phone(t, b)
	parent.open("/q/" + token)
	parent.wantText(".q-step", "Page 1 of 4")
	parent.wantText(".q-lead", "Over the last 2 weeks")
	parent.lookAt(dir, "questionnaire-parent-1")
	for _, n := range []string{"1", "2", "3"} {
		answer(parent, n, "LA6570-1")
	}
	parent.press(`button[value="next"]`)
	parent.wantText(".q-step", "Page 2 of 4")
	answer(parent, "4", "LA6569-3")
	answer(parent, "5", "LA6569-3")
	waitSaved(t, in, token, "phq9-5")
	closeParent()

	parent, closeParent = phone(t, b)
	defer closeParent()
	parent.open("/q/" + token)
	parent.wantText(".q-step", "Page 2 of 4")
	if got := parent.count(`input[name="a.phq9-4"][value="LA6569-3"]:checked, input[name="a.phq9-5"][value="LA6569-3"]:checked`); got != 2 {
		t.Fatalf("after reopening, %d of the 2 answers chosen on page 2 are shown", got)
	}
	parent.wantText(".q-count", "5 of 10")
	parent.open("/q/" + token + "?p=2&lang=pl")
	parent.wantText(".q-step", "Strona 2 z 4")
	parent.wantText(".q-intro, .q-count", "Odpowiedzi: 5 z 10")
	if lang := eval[string](parent, `document.documentElement.lang`); lang != "pl" {
		t.Errorf("the Polish page says lang=%q", lang)
	}
	parent.checkAxe("questionnaire in Polish at 360 px")
	parent.open("/q/" + token + "?p=2&lang=en")
	answer(parent, "6", "LA6569-3")
	parent.press(`button[value="next"]`)
	parent.lookAt(dir, "questionnaire-parent-3")
	for _, n := range []string{"7", "8", "9"} {
		answer(parent, n, "LA6569-3")
	}
	parent.press(`button[value="next"]`)
	parent.wantText(".q-step", "Page 4 of 4")
	parent.press(`button[value="back"]`)
	parent.wantText(".q-step", "Page 3 of 4")
	parent.press(`button[value="next"]`)
	answer(parent, "10", "LA6573-5")
	parent.press(`button[value="send"]`)
	parent.wantText("h1", "Thank you")
	parent.lookAt(dir, "questionnaire-parent-done")
	if st := parent.open("/q/" + token); st != 404 {
		t.Errorf("the link after sending: status %d, want 404", st)
	}
	parent.wantText("h1", "isn't working")

	// The guider sees the score and the risk alert at once.
	g.open("/")
	waitFor(g, `#risk-alerts .risk`)
	g.wantText("#risk-alerts", "1 risk answer needs attention today", "VIG-2024-017", "Several days")
	g.open("/cases/" + id)
	waitFor(g, `#outcomes table`)
	g.wantText("#outcomes", "PHQ-9", "Baseline", "12", "Moderate", "clinical range", "risk answer", "A risk answer needs your attention")
	g.lookAt(dir, "questionnaire-case-outcomes")

	// At the end the guider fills PHQ-9 in with the parent on a tablet: the
	// change since baseline shows with its reliable change and recovery.
	g.fill("#q-instrument", phq)
	g.fill("#q-point", "end")
	g.press(`form.assign-form button[type="submit"]`)
	g.press(`a[href$="/fill"]`)
	g.wantText(".q-step", "Page 1 of 4")
	g.lookAt(dir, "questionnaire-guider-fill")
	for n := 1; n <= 9; n++ {
		answer(g, strconv.Itoa(n), "LA6568-5")
		if n%3 == 0 {
			g.press(`button[value="next"]`)
		}
	}
	g.press(`button[value="send"]`)
	g.wantPath("/cases/" + id)
	g.wantText("[role=status]", "PHQ-9 sent: 0 (None–minimal)")
	waitFor(g, `#outcomes table tr:nth-child(2)`)
	g.wantText("#outcomes", "End", "-12 · improved", "recovered")
}

// phone opens a fresh browser context at 360×740; closing it ends the session.
func phone(t *testing.T, b *browser) (*tab, func()) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		cancel()
		t.Fatalf("open a phone browser: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: b.base}, cancel
}

// answer chooses an option by tapping its label, as a person does.
func answer(p *tab, n, code string) {
	p.t.Helper()
	p.click(`label.q-option:has(input[name="a.phq9-` + n + `"][value="` + code + `"]) span`)
}

// waitSaved waits until the page's script has saved an answer on the server.
func waitSaved(t *testing.T, in *apptest.Instance, token, linkID string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		f, err := in.Deps.Questionnaires.Open(context.Background(), questionnaires.Access{Token: token})
		if err == nil && f.Answers[linkID] != "" {
			return
		}
	}
	t.Fatalf("the answer to %s was not saved as it was chosen", linkID)
}

// waitFor waits until an element is on the page (htmx loads some parts after the page).
func waitFor(p *tab, sel string) {
	p.t.Helper()
	js := "document.querySelector(" + jsString(sel) + ") !== null"
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		p.t.Fatalf("%s never appeared at %s: %v", sel, p.pathNow(), err)
	}
}

// TestQuestionnaireAdminPages: the administrator's instrument library, an
// import with warnings, an instrument's items and licence, and the service
// report — screenshots and axe at every width.
func TestQuestionnaireAdminPages(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	in.User(t, "ada@example.org", domain.RoleAdmin, false)
	doc, err := os.ReadFile("../questionnaires/testdata/parenting.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := screenshotDir(t)
	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("ada@example.org")
	p.open("/admin/instruments")
	p.wantText("main", "PHQ-9", "GAD-7", "Goal-based outcomes", "Public domain")
	p.look(dir, "questionnaire-library")
	p.fill("#f-fhir", `{"resourceType":"Questionnaire","name":"Broken","item":[{"linkId":"1","type":"choice","text":"?"}]}`)
	if st := p.press(`form[action="/admin/instruments"] button[type="submit"]`); st != 422 {
		t.Errorf("a broken questionnaire: status %d", st)
	}
	p.wantText(".error-summary", "item[0].answerOption")
	p.fill("#f-fhir", string(doc))
	p.press(`form[action="/admin/instruments"] button[type="submit"]`)
	p.wantText("h1", "ParentingExample")
	p.wantText("main", "vendor-colour", "Example only", "reversed", "Satisfaction")
	p.look(dir, "questionnaire-instrument")
	p.open("/admin/report")
	p.wantText("main", "Cases opened", "Goal-based outcomes", "Average change in rating")
	if txt := p.text("main"); strings.Contains(txt, "cases_opened") || strings.Contains(txt, "share_reliable") {
		t.Errorf("the service report shows internal names:\n%s", txt)
	}
	p.look(dir, "questionnaire-report")
}
