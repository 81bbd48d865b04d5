package browsertest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// TestWholeFamily follows one family from the first meeting to the ending,
// in one run and through the pages only: notes written together, two goals,
// consent, a film, three cycles with the parent's words, attendance,
// re-rating, the closing letter (downloaded and rendered) and the end.
func TestWholeFamily(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	in.User(t, "gail@example.org", domain.RolePractitioner, false)
	film := makeFilm(t, "playtime.mp4", shortFilm...)
	dir := screenshotDir(t)
	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("gail@example.org")
	p.wantPath("/")
	checkScripts := p.scriptErrors()

	id := openCase(p)
	writeFirstMeeting(p, dir, id)
	addGoal(p, id, "How can I help Leo feel safe at bedtime?", 3, 8)
	addGoal(p, id, "How can we enjoy playing together?", 4, 9)
	giveConsent(p, id)
	p.press(`form[action="/cases/` + id + `/stage"] button`)
	p.wantText("[role=status]", "moved on")
	p.choose(film)
	p.waitReady("playtime.mp4", 90*time.Second)
	p.open("/cases/" + id)
	for n := 1; n <= 3; n++ {
		runCycle(p, n)
	}
	recordAttendance(p, dir, id)
	p.press(`form[action="/cases/` + id + `/stage"] button`)
	p.wantText("[role=status]", "moved on")
	reRate(p, dir, id)
	writeLetter(p, id)
	checkLetter(t, p, dir, id)
	p.press(`form[action="/cases/` + id + `/stage"] button`)
	p.wantPath("/cases/" + id)
	p.wantText(".card-tasks", "Completed")
	if got := p.text(".task-list li:last-child"); !strings.Contains(got, "Completed") {
		t.Errorf("the ending task says %q, want Completed", got)
	}
	p.press(`form.case-status button`)
	p.wantText("[role=status]", "closed")
	useCalendar(p, dir)
	checkScripts()
}

// lookAt takes screenshots of the page at the laptop and phone widths and
// runs axe-core at each, as look does for the main pages.
func (p *tab) lookAt(dir, name string) {
	p.t.Helper()
	for _, v := range []struct{ w, h int64 }{viewports[0], viewports[len(viewports)-1]} {
		run(p, "resize", chromedp.EmulateViewport(v.w, v.h))
		png := run(p, "screenshot "+name, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, v.w)), png, 0o644); err != nil {
			p.t.Fatal(err)
		}
		p.checkAxe(fmt.Sprintf("%s at %d px", name, v.w))
		if v.w <= 360 {
			p.wantNoSidewaysScroll(name)
		}
	}
	run(p, "resize", chromedp.EmulateViewport(viewports[0].w, viewports[0].h))
}

// click clicks what the selector finds, on the same page.
func (p *tab) click(sel string) {
	p.t.Helper()
	run(p, "click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// pick chooses a value on a 0–10 scale by clicking its number, as a person does.
func (p *tab) pick(scope, name string, value int) {
	p.t.Helper()
	sel := fmt.Sprintf(`%s label.scale-point:has(input[name=%q][value="%d"]) span`, scope, name, value)
	p.click(sel)
}

func writeFirstMeeting(p *tab, dir, id string) {
	p.t.Helper()
	p.press(`.task-list a[href="/cases/` + id + `/first-meeting"]`)
	p.wantPath("/cases/" + id + "/first-meeting")
	p.wantText("h1", "Our first meeting")
	p.fill("#f-child", "Leo is curious and loves trains. He finds goodbyes hard.")
	p.fill("#f-relationship", "We are close. Mornings are a rush and we argue; bath time is our best time.")
	p.fill("#f-first_meeting", "Maya would like calmer evenings. Her sister helps on Tuesdays.")
	p.lookAt(dir, "family-first-meeting")
	p.press(`form.notes-form button[type="submit"]`)
	p.wantPath("/cases/" + id)
	p.wantText("[role=status]", "first meeting notes are saved")
	p.open("/cases/" + id + "/first-meeting")
	if got := eval[string](p, `document.querySelector('#f-child').value`); !strings.Contains(got, "loves trains") {
		p.t.Errorf("the first meeting page shows %q after saving, want the family's words", got)
	}
	p.open("/cases/" + id)
}

func addGoal(p *tab, id, question string, now, hoped int) {
	p.t.Helper()
	p.fill("#f-helping_question", question)
	p.pick("form.goal-form", "now", now)
	p.pick("form.goal-form", "hoped", hoped)
	p.press(`form.goal-form button[type="submit"]`)
	p.wantPath("/cases/" + id)
	p.wantText("[role=status]", "Goal added")
	p.wantText("section.goals", question)
}

func giveConsent(p *tab, id string) {
	p.t.Helper()
	p.press(`.task-list a[href="/cases/` + id + `/consent"]`)
	p.wantPath("/cases/" + id + "/consent")
	p.click("#p-filming")
	p.click("#p-supervision")
	p.fill("#f-given_by", "Maya (mother)")
	p.press(`form[action$="/consent/check"] button[type="submit"]`)
	p.wantText("h1", "Check the answers")
	p.wantText(".summary", "filming", "supervision", "Maya (mother)")
	p.fill("#f-signature", "Maya")
	p.press(`form[action="/cases/` + id + `/consent"] button[type="submit"]`)
	p.wantPath("/cases/" + id)
	p.wantText("[role=status]", "Consent recorded", "Maya")
}

// runCycle moves cycle n through filming (unless a recording added for it
// did), editing and its shared review by hand, as a guider may.
func runCycle(p *tab, n int) {
	p.t.Helper()
	li := fmt.Sprintf("ol.cycles > li:nth-child(%d)", n)
	if p.count(li+` form:has(input[value="filmed"])`) == 1 {
		p.press(li + ` form:has(input[value="filmed"]) button`)
		p.wantText("[role=status]", fmt.Sprintf("Cycle %d is filmed", n))
	}
	p.press(li + ` form:has(input[value="edited"]) button`)
	p.wantText("[role=status]", fmt.Sprintf("Cycle %d is edited", n))
	p.wantText(li, "marked by hand by")
	p.fill(li+` textarea[name="parent_words"]`, fmt.Sprintf("In cycle %d I saw Leo look back at me when I waited.", n))
	p.fill(li+` textarea[name="next_steps"]`, "Wait a little longer before helping.")
	p.press(li + ` form.review-form button`)
	p.wantText("[role=status]", fmt.Sprintf("Cycle %d is reviewed", n))
}

func recordAttendance(p *tab, dir, id string) {
	p.t.Helper()
	p.fill("#f-kind", "review")
	p.fill("#f-starts_at", time.Now().AddDate(0, 0, -1).Format("2006-01-02")+"T10:00")
	p.fill("#f-place", "home")
	p.press(`form.session-form button[type="submit"]`)
	p.wantText("[role=status]", "Session added")
	p.fill(`.attendance-form select`, "attended")
	p.press(`.attendance-form button[type="submit"]`)
	p.wantPath("/cases/" + id)
	p.wantText("[role=status]", "Attendance saved: Attended")
	p.wantText("#h-sessions + ul", "Attended")
	p.lookAt(dir, "family-case-cycles-done")
}

func reRate(p *tab, dir, id string) {
	p.t.Helper()
	p.press(`.task-list a[href="/cases/` + id + `/ending"]`)
	p.wantPath("/cases/" + id + "/ending")
	p.wantText("main", "In cycle 2 I saw Leo look back")
	if st := p.press(`form.ending-rates button[type="submit"]`); st != http.StatusBadRequest {
		p.t.Errorf("ratings sent without a choice: status %d, want 400", st)
	}
	p.wantText(".error-summary", "Choose where the family is now", "feel safe at bedtime", "enjoy playing together")
	p.lookAt(dir, "family-ending-errors")
	names := eval[[]string](p, `[...new Set([...document.querySelectorAll('form.ending-rates input[type=radio]')].map(i => i.name))]`)
	if len(names) != 2 {
		p.t.Fatalf("the ending page asks for %d ratings, want 2: %q", len(names), names)
	}
	for i, name := range names {
		p.pick("form.ending-rates", name, 7+i)
	}
	p.press(`form.ending-rates button[type="submit"]`)
	p.wantPath("/cases/" + id + "/ending")
	p.wantText("[role=status]", "ratings at the ending are saved")
	p.wantText(".ending-rates", "Ending")
}

func writeLetter(p *tab, id string) {
	p.t.Helper()
	p.fill("#f-ending_child", "Leo is still curious, and now he says goodbye with a wave.")
	p.fill("#f-ending_relationship", "We laugh more. Evenings are calmer.")
	p.fill("#f-letter", "Maya, you saw how much Leo looks to you, and how waiting helps him come to you.")
	p.fill("#f-future", "Keep bath time as our time. Ask the health visitor about nursery.")
	p.press(`form[action="/cases/` + id + `/ending/letter"] button[type="submit"]`)
	p.wantPath("/cases/" + id + "/ending")
	p.wantText("[role=status]", "letter's words are saved")
	if got := eval[string](p, `document.querySelector('#f-future').value`); !strings.Contains(got, "bath time") {
		p.t.Errorf("the ending page shows %q after saving, want the family's ideas", got)
	}
}

// checkLetter downloads the letter with the tab's session, checks it is a
// PDF and renders its first page to PNG beside the screenshots.
func checkLetter(t *testing.T, p *tab, dir, id string) {
	t.Helper()
	p.lookAt(dir, "family-ending")
	href := eval[string](p, `[...document.querySelectorAll('a[download]')].find(a => a.textContent.includes('Download the letter (PDF)')).pathname`)
	if href != "/cases/"+id+"/letter" {
		t.Fatalf("the download link goes to %q", href)
	}
	pdf := p.fetchBytes(href)
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the letter starts %q, want %%PDF", pdf[:min(len(pdf), 20)])
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Logf("pdftoppm not found; the letter is not rendered")
		return
	}
	file := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "family-letter")
	if b, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", file, out).CombinedOutput(); err != nil {
		t.Fatalf("render the letter: %v: %s", err, b)
	}
	if st, err := os.Stat(out + ".png"); err != nil || st.Size() < 5000 {
		t.Errorf("the letter's first page as PNG: %v, %v", st, err)
	}
}

// fetchBytes fetches a path of attune with the tab's cookies, outside the page.
func (p *tab) fetchBytes(path string) []byte {
	p.t.Helper()
	res, err := chromedp.Call(p.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{p.base}})
	if err != nil {
		p.t.Fatalf("read cookies: %v", err)
	}
	cookies := res.Cookies
	req, err := http.NewRequest(http.MethodGet, p.base+path, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		p.t.Fatalf("GET %s: status %d, %v: %.200s", path, resp.StatusCode, err, b)
	}
	return b
}

// useCalendar makes the personal calendar link from the caseload, copies
// it, reads the feed, and stops it.
func useCalendar(p *tab, dir string) {
	p.t.Helper()
	p.open("/")
	p.press(`.page-head a[href="/calendar"]`)
	p.wantPath("/calendar")
	p.wantText("main", "don't have a calendar link yet")
	p.lookAt(dir, "family-calendar-none")
	p.press(`form[action="/calendar"] button`)
	link := eval[string](p, `document.querySelector('#feed-link').value`)
	at := strings.Index(link, "/ical/")
	if !strings.HasPrefix(link, "http") || at < 0 || !strings.HasSuffix(link, ".ics") {
		p.t.Fatalf("the calendar link is %q", link)
	}
	p.click(`button[data-copy="#feed-link"]`)
	copied := `document.querySelector('button[data-copy="#feed-link"]').textContent === 'Copied'`
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](copied, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		p.t.Errorf("the copy button still says %q: %v", p.text(`button[data-copy="#feed-link"]`), err)
	}
	p.lookAt(dir, "family-calendar-link")
	feed := link[at:] // attune's public address is set apart in tests
	if ics := string(p.fetchBytes(feed)); !strings.Contains(ics, "BEGIN:VCALENDAR") {
		p.t.Errorf("the calendar feed says %.200q", ics)
	}
	p.press(`form[action="/calendar/revoke"] button`)
	p.wantPath("/calendar")
	p.wantText("[role=status]", "calendar link is stopped")
	if st := p.status(feed); st != http.StatusNotFound {
		p.t.Errorf("the stopped calendar feed: status %d, want 404", st)
	}
}
