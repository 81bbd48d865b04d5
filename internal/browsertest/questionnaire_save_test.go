package browsertest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/questionnaires"
)

// bedtimeToken imports the test instrument BedtimeCheck (evenings 0–7, a
// yes/no whose "yes" enables a required note, a free-text box on page 2),
// assigns it and returns the parent's link token.
func bedtimeToken(t *testing.T, in *apptest.Instance) string {
	t.Helper()
	ctx := context.Background()
	admin, _ := in.User(t, "ada@example.org", domain.RoleAdmin, false)
	owner, _ := in.User(t, "gail@example.org", domain.RolePractitioner, false)
	doc, err := os.ReadFile("../questionnaires/testdata/bedtime.json")
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := in.Deps.Questionnaires.Import(ctx, accounts.Actor{User: admin}, doc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.Deps.Cases.Create(ctx, accounts.Actor{User: owner}, casework.Input{Reference: "REF-BED", Focus: "bedtime"})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := in.Deps.Questionnaires.Assign(ctx, accounts.Actor{User: owner}, c.ID, questionnaires.AssignInput{
		InstrumentID: res.Instrument.ID, Point: domain.PointBaseline, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// waitAnswer waits until the server holds want as the answer to linkID.
func waitAnswer(t *testing.T, in *apptest.Instance, token, linkID, want string) {
	t.Helper()
	got := ""
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		f, err := in.Deps.Questionnaires.Open(context.Background(), questionnaires.Access{Token: token})
		if err == nil && f.Answers[linkID] == want {
			return
		}
		if err == nil {
			got = f.Answers[linkID]
		}
	}
	t.Fatalf("the server holds %.80q as the answer to %s, want %.80q", got, linkID, want)
}

// waitText waits until an element's text holds want (the page's script writes it).
func waitText(p *tab, sel, want string) {
	p.t.Helper()
	js := "(document.querySelector(" + jsString(sel) + ") || {}).textContent?.includes(" + jsString(want) + ") || false"
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		p.t.Fatalf("%s never said %q at %s; it says %q", sel, want, p.pathNow(), eval[string](p, "(document.querySelector("+jsString(sel)+") || {}).textContent || ''"))
	}
}

// retype empties a box and types into it, as a person does.
func retype(p *tab, sel, s string) {
	p.t.Helper()
	eval[bool](p, "(document.querySelector("+jsString(sel)+").value = '') === ''")
	p.click(sel)
	p.typeKeys(s)
}

// sameBrowserTab opens another tab in p's browser (same cookies and storage).
func sameBrowserTab(t *testing.T, p *tab) (*tab, func()) {
	ctx, cancel := chromedp.NewContext(p.ctx)
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		cancel()
		t.Fatalf("open another tab: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: p.base}, cancel
}

// setOffline cuts the tab's connection (and says so to the page), or restores it.
func (p *tab) setOffline(off bool) {
	p.t.Helper()
	_, err := chromedp.Call(p.ctx, network.Enable, network.EnableParams{})
	if err == nil {
		_, err = chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}}})
	}
	if err == nil {
		_, err = chromedp.Call(p.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
	}
	if err != nil {
		p.t.Fatalf("set offline %v: %v", off, err)
	}
}

// TestQuestionnaireTypedAndConditional: on a phone, "Yes" shows its
// follow-up question at once on the same page; a note typed into it and the
// page left at once is saved; text typed into the last box and the tab
// closed at once is saved; each wrong answer is told for what it is as it
// is typed, in English and in Polish; the limit of a text box is said
// before it bites, with a live count. axe at 360 px, nothing sideways at
// 320 px (400 % zoom of a 1280 px window).
func TestQuestionnaireTypedAndConditional(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	token := bedtimeToken(t, in)
	dir := screenshotDir(t)
	b := newBrowser(t, in.URL)
	home, closeHome := phone(t, b)
	defer closeHome()
	p, closeP := sameBrowserTab(t, home)
	p.open("/q/" + token)
	p.wantText(".q-step", "Page 1 of 2")
	p.wantText("#q-1", "A number from 0 to 7.")
	if p.count(`fieldset[data-link="hard-note"]:not([hidden])`) != 0 {
		t.Fatal("the follow-up question shows before its Yes")
	}
	p.click(`label.q-option:has(input[name="a.hard"][value="true"]) span`)
	waitFor(p, `fieldset[data-link="hard-note"]:not([hidden])`)
	p.wantText(`fieldset[data-link="hard-note"]`, "What happened that evening?", "Up to 2,000 characters.")
	p.click("#q-3-i")
	p.typeKeys("Tuesday: teeth, then tears.")
	p.wantText("#q-3-c", "27 of 2,000 characters")
	p.lookAt(dir, "questionnaire-conditional")
	run(p, "resize", chromedp.EmulateViewport(320, 740))
	p.wantNoSidewaysScroll("questionnaire at 320 px")
	p.open("/q/" + token + "?p=2") // at once: the page's last words carry the note
	waitAnswer(t, in, token, "hard-note", "Tuesday: teeth, then tears.")
	waitAnswer(t, in, token, "hard", "true")

	p.click("#q-1-i")
	p.typeKeys("She sleeps better with the door open.")
	closeP() // the tab closes at once; the browser stays open
	other, closeOther := sameBrowserTab(t, home)
	defer closeOther()
	waitAnswer(t, in, token, "else", "She sleeps better with the door open.")

	other.open("/q/" + token + "?p=1")
	if got := eval[string](other, `document.querySelector('#q-3-i').value`); got != "Tuesday: teeth, then tears." {
		t.Errorf("the note after reopening: %q", got)
	}
	for _, c := range []struct{ typed, want string }{
		{"three", "Question 1: please write a number using the digits 0 to 9, for example 3."},
		{"٣", "Question 1: please write a number using the digits 0 to 9"},
		{"2.5", "Question 1: please write a whole number, such as 2 or 3."},
		{"-2", "Question 1: the lowest answer is 0."},
		{"99999999999", "Question 1: the highest answer is 7."},
	} {
		retype(other, "#q-1-i", c.typed)
		waitText(other, "#q-1-e", c.want)
	}
	if st := other.press(`button[value="next"]`); st != 400 {
		t.Errorf("moving on with 99999999999 evenings: status %d", st)
	}
	other.wantText(".error-summary", "Question 1: the highest answer is 7.")
	other.checkAxe("a wrong number told")
	other.open("/q/" + token + "?p=2")
	eval[bool](other, "(document.querySelector('#q-1-i').value = 'a'.repeat(1999)) !== ''")
	other.click("#q-1-i")
	other.typeKeys("bcd")
	waitText(other, "#q-1-c", "2,002 of 2,000 characters")
	waitText(other, "#q-1-e", "this box takes up to 2,000 characters and your answer has 2,002. Please shorten it by 2.")
	other.open("/q/" + token + "?p=1&lang=pl")
	retype(other, "#q-1-i", "-2")
	waitText(other, "#q-1-e", "Pytanie 1: najmniejsza możliwa odpowiedź to 0.")
	other.wantText("#q-3", "Do 2000 znaków.")
	other.checkAxe("a wrong number told in Polish")
	retype(other, "#q-1-i", "3")
	waitAnswer(t, in, token, "evenings", "3")

	// The over-long text the server refused was never lost: it comes back
	// from the browser on page 2, to be shortened, and then the form is sent.
	other.open("/q/" + token + "?p=2&lang=en")
	waitFor(other, "#q-1-c.q-over")
	if n := eval[int](other, `document.querySelector('#q-1-i').value.length`); n != 2002 {
		t.Errorf("the refused text came back with %d characters, want 2002", n)
	}
	retype(other, "#q-1-i", "Short now.")
	waitAnswer(t, in, token, "else", "Short now.")
	other.press(`button[value="send"]`)
	other.wantText("h1", "Thank you")
	if n := eval[int](other, `Object.keys(localStorage).filter(k => k.startsWith('attune-q:')).length`); n != 0 {
		t.Errorf("%d sets of answers still kept in the browser after sending", n)
	}
}

// TestQuestionnaireCutConnection: with the connection cut, typed text
// shows "Not saved yet — we'll keep trying", stays in the page and in the
// browser; when the connection is back it is saved. Text typed offline in a
// tab that is then closed is put back and sent when the link is reopened.
func TestQuestionnaireCutConnection(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	token := bedtimeToken(t, in)
	b := newBrowser(t, in.URL)
	home, closeHome := phone(t, b)
	defer closeHome()
	p, closeP := sameBrowserTab(t, home)
	p.open("/q/" + token + "?p=2")
	p.setOffline(true)
	p.click("#q-1-i")
	p.typeKeys("Written on the bus.")
	waitText(p, ".q-save-state", "Not saved yet — we'll keep trying.")
	if got := eval[string](p, `Object.keys(localStorage).filter(k => k.startsWith('attune-q:')).map(k => localStorage.getItem(k)).join()`); !strings.Contains(got, "Written on the bus.") {
		t.Errorf("the browser keeps %q, want the unsent text", got)
	}
	p.setOffline(false)
	waitAnswer(t, in, token, "else", "Written on the bus.")
	waitText(p, ".q-save-state", "All answers saved.")

	p.setOffline(true)
	// On a real cut connection nothing the tab sends arrives, the save on
	// closing included; chromium's offline emulation lets a closing tab's
	// requests through at times, so the page's sends are cut here as the
	// network would cut them.
	eval[bool](p, `(window.fetch = () => Promise.reject(new TypeError("offline")), navigator.sendBeacon = () => true, true)`)
	p.click("#q-1-i")
	p.typeKeys(" Then the tunnel.")
	waitText(p, ".q-save-state", "Not saved yet")
	closeP()
	f, err := in.Deps.Questionnaires.Open(context.Background(), questionnaires.Access{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	if f.Answers["else"] != "Written on the bus." {
		t.Fatalf("with the connection cut, the server holds %q; the test can't show the reopened page sends it", f.Answers["else"])
	}
	again, closeAgain := sameBrowserTab(t, home)
	defer closeAgain()
	again.open("/q/" + token + "?p=2")
	waitAnswer(t, in, token, "else", "Written on the bus. Then the tunnel.")
	if got := eval[string](again, `document.querySelector('#q-1-i').value`); got != "Written on the bus. Then the tunnel." {
		t.Errorf("after reopening the box holds %q", got)
	}
	waitFor(again, `.q-save-state:not(.q-unsaved)`)
	if n := eval[int](again, `Object.keys(localStorage).filter(k => k.startsWith('attune-q:') && JSON.parse(localStorage.getItem(k)).a && Object.keys(JSON.parse(localStorage.getItem(k)).a).length).length`); n != 0 {
		t.Errorf("%d unsent answer sets still kept in the browser after saving", n)
	}
}

// TestQuestionnaireTwoTabsTold: two tabs of one link; the later tab to
// change an answer the other changed first is told in words, shown the
// newer answer and what it wrote itself, and the newer answer is kept.
func TestQuestionnaireTwoTabsTold(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	token := bedtimeToken(t, in)
	b := newBrowser(t, in.URL)
	a, closeA := phone(t, b)
	defer closeA()
	later, closeLater := sameBrowserTab(t, a)
	defer closeLater()
	a.open("/q/" + token + "?p=2")
	later.open("/q/" + token + "?p=2")
	a.click("#q-1-i")
	a.typeKeys("From the kitchen.")
	waitAnswer(t, in, token, "else", "From the kitchen.")
	later.click("#q-1-i")
	later.typeKeys("From the bedroom.")
	waitFor(later, `.q-conflict:not([hidden])`)
	later.wantText(".q-conflict", "The answer to question 4 was changed in another tab or window after this page opened.",
		"What you wrote in this tab: From the bedroom.")
	if got := eval[string](later, `document.querySelector('#q-1-i').value`); got != "From the kitchen." {
		t.Errorf("the later tab shows %q, want the newer answer", got)
	}
	later.checkAxe("two tabs: the later is told")
	waitAnswer(t, in, token, "else", "From the kitchen.")
}
