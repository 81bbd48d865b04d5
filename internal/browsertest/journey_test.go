package browsertest

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// journeyFilm is 2 seconds of 320×180 at 30 frames a second, with sound:
// enough for a moment at frame 10 and a clip of frames 10–40.
var journeyFilm = []string{"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine",
	"-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"}

// TestJourney walks one family from the first meeting to the closing letter
// as a new practitioner would, through the pages only: the set-up link, the
// second factor with one mistyped code, the case, goals, consent, an upload,
// a code and a clip in the workspace, the film, the shared review, sharing
// it with the family, the invitation, ending early, the ending and the
// letter. At each step it reads what the case page says: each cycle's
// status and "What comes next". Screenshots at 1366×768 (and the case page
// at 390×844) go to the artifacts.
func TestJourney(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	admin, _ := in.User(t, "root@example.org", domain.RoleAdmin, false)
	_, link, err := in.Deps.Accounts.CreateUser(context.Background(), accounts.Actor{User: admin, IP: "127.0.0.1"},
		accounts.NewUser{Email: "nia@example.org", Name: "Nia Shaw", Role: "practitioner"})
	if err != nil {
		t.Fatal(err)
	}
	film := makeFilm(t, "playtime.mp4", journeyFilm...)
	dir := screenshotDir(t)
	p := newBrowserWithin(t, in.URL, 2*testTimeout).person(t)
	run(p, "resize", chromedp.EmulateViewport(1366, 768))

	firstSignIn(p, dir, link)
	checkScripts := p.scriptErrors()
	id := openCase(p)
	p.wantNext("First meeting: note the family's goals", "/cases/"+id+"#h-goals")
	addGoal(p, id, "How can I help Leo feel safe at bedtime?", 3, 8)
	p.wantNext("Record consent to filming", "/cases/"+id+"/consent")
	journeyConsent(p, dir, id)
	p.wantNext("Start the cycles", "")
	p.press(`.card-tasks form[action="/cases/` + id + `/stage"] button`)
	p.wantText("[role=status]", "moved on")
	p.wantNext("Film cycle 1: add the recording", "/cases/"+id+"#h-recordings")
	p.wantCycle(1, "not filmed yet")
	p.shootAt(dir, "journey-cycles-started", 1366, 768)

	p.choose(film)
	p.waitReady("playtime.mp4", 90*time.Second)
	p.open("/cases/" + id)
	p.wantCycle(1, "filmed, to edit", "a recording was added (Nia Shaw")
	p.wantTask("Cycle 1", "Film", "Completed")
	workspace := p.wantNext("Edit cycle 1: mark the moments and clips in playtime.mp4", "")
	if !strings.HasSuffix(workspace, "/workspace") {
		t.Fatalf("after the upload, What comes next links to %q, want the recording's workspace", workspace)
	}
	p.shootAt(dir, "journey-case-filmed", 1366, 768)
	p.checkAxe("the case page with cycle 1 filmed at 1366 px")
	p.shootAt(dir, "journey-case-filmed", 390, 844)
	p.wantNoSidewaysScroll("the case page at 390 px")
	run(p, "resize", chromedp.EmulateViewport(1366, 768))

	codeAndClip(p, dir)
	p.open("/cases/" + id)
	p.wantCycle(1, "edited, to review", "a clip was made (Nia Shaw")
	p.wantTask("Cycle 1", "Edit", "Completed")
	p.wantNext("Cycle 1: make the film and hold the shared review", "/cases/"+id+"/films")

	filmPath := makeJourneyFilm(p, dir)
	p.open("/cases/" + id)
	p.wantNext("Cycle 1: hold the shared review with the film “Playtime”", filmPath+"/review")
	p.press(".next-step a")
	journeyReview(p, dir)
	p.open("/cases/" + id)
	p.wantCycle(1, "reviewed", "the shared review's words were written (Nia Shaw")
	p.wantTask("Cycle 1", "Shared review", "Completed")
	p.wantText("ol.cycles > li:nth-child(1)", "I waited and he showed me the train")
	p.wantNext("Film cycle 2: add the recording", "/cases/"+id+"#h-recordings")
	p.shootAt(dir, "journey-case-reviewed", 1366, 768)
	cycles := apiJSON[struct {
		Cycles []struct {
			Status       string `json:"status"`
			StatusSource string `json:"status_source"`
			StatusByName string `json:"status_by_name"`
			StatusNote   string `json:"status_note"`
		} `json:"cycles"`
	}](p, "/api/v1/cases/"+id+"/cycles").Cycles
	if len(cycles) != 3 || cycles[0].Status != "reviewed" || cycles[0].StatusSource != "review" || cycles[0].StatusByName != "Nia Shaw" || cycles[1].Status != "planned" {
		t.Errorf("GET /api/v1/cases/{id}/cycles says %+v, want cycle 1 reviewed by the review (Nia Shaw), cycle 2 planned", cycles)
	}

	shareAndInvite(p, dir, id, filmPath)
	endEarlyAndEnd(t, p, dir, id)
	if st := eval[int](p, `fetch('/favicon.ico').then(r => r.status)`, chromedp.EvalAwaitPromise); st != http.StatusOK {
		t.Errorf("the favicon: status %d", st)
	}
	checkScripts()
}

// firstSignIn takes a new colleague from the set-up link the administrator
// gave them to their caseload: a password, then the second factor with one
// mistyped code first.
func firstSignIn(p *tab, dir, link string) {
	p.t.Helper()
	p.open("/reset/" + link)
	p.wantText("h1", "Choose your password")
	p.fill("#f-password", apptest.Password)
	p.press(`form button[type="submit"]`)
	p.wantPath("/login")
	p.wantText("[role=status]", "Your password is set")
	p.enterPassword("nia@example.org")
	p.wantPath("/account/mfa")
	p.shootAt(dir, "journey-second-factor", 1366, 768)
	enrolWithOneSlip(p)
}

// enrolWithOneSlip sets up the second factor on its page: a code with one
// digit wrong keeps the same key (the phone app stays in step), then the
// right code turns it on and shows the recovery codes.
func enrolWithOneSlip(p *tab) {
	p.t.Helper()
	secret := strings.TrimSpace(p.text("#secret"))
	if len(secret) < 16 {
		p.t.Fatalf("secret on the enrolment page: %q", secret)
	}
	if n := p.count(".qr img[alt]"); n != 1 {
		p.t.Errorf("QR code images with alt text: %d, want 1", n)
	}
	right := totp(p.t, secret, time.Now())
	p.fill("#f-code", right[:5]+string(rune('0'+(right[5]-'0'+1)%10))) // one slip of the finger
	p.press(`form[action="/account/mfa"] button[type="submit"]`)
	p.wantText("#e-code", "didn't match", "newest code", "time")
	if again := strings.TrimSpace(p.text("#secret")); again != secret {
		p.t.Fatalf("a mistyped code changed the key from %s to %s", secret, again)
	}
	p.fill("#f-code", totp(p.t, secret, time.Now()))
	if st := p.press(`form[action="/account/mfa"] button[type="submit"]`); st != http.StatusOK {
		p.t.Fatalf("turn on: status %d: %s", st, p.text("main"))
	}
	p.wantText("h1", "Your recovery codes")
	wantRecoveryCodes(p)
	p.press(`main a.button`)
	p.wantPath("/")
	p.wantText("h1", "Your caseload")
}

// wantNext checks "What comes next" on the case page says want and links
// to href (any link when href is ""; none for a stage move), and returns
// the link.
func (p *tab) wantNext(want, href string) string {
	p.t.Helper()
	p.wantText(".next-step", want)
	got := eval[string](p, `(a => a ? a.getAttribute('href') : '')(document.querySelector('.next-step a'))`)
	if href != "" && got != href {
		p.t.Errorf("What comes next (%q) links to %q, want %q", want, got, href)
	}
	if href == "" && got == "" && p.count(`.card-tasks form[action$="/stage"] button`) != 1 {
		p.t.Errorf("What comes next (%q) has neither a link nor a button", want)
	}
	return got
}

// wantCycle checks the cycles card says cycle n's status in words.
func (p *tab) wantCycle(n int, want ...string) {
	p.t.Helper()
	p.wantText("ol.cycles > li:nth-child("+string(rune('0'+n))+")", want...)
}

// wantTask checks a line of the task list: "Cycle 1: Film … Completed".
func (p *tab) wantTask(group, name, status string) {
	p.t.Helper()
	lines := eval[[]string](p, `[...document.querySelectorAll('.task-list li')].map(li => li.textContent.replace(/\s+/g, ' ').trim())`)
	for _, l := range lines {
		if strings.HasPrefix(l, group+": "+name+" ") {
			if !strings.HasSuffix(l, status) {
				p.t.Errorf("the task list says %q, want %s", l, status)
			}
			return
		}
	}
	p.t.Errorf("the task list has no %s: %s; it says %q", group, name, lines)
}

// journeyConsent records consent from the link in "What comes next",
// reading the wording shown, and checks the answers in words.
func journeyConsent(p *tab, dir, id string) {
	p.t.Helper()
	p.press(".next-step a")
	p.wantPath("/cases/" + id + "/consent")
	p.wantText(".consent-wording", "version 2", "You can ask us to stop a recording at any time", "the recordings are erased")
	p.shootAt(dir, "journey-consent", 1366, 768)
	p.checkAxe("the consent page with its wording")
	p.click("#p-filming")
	p.click("#p-supervision")
	p.fill("#f-given_by", "Maya (mother)")
	p.click("#a-na")
	p.press(`form[action$="/consent/check"] button[type="submit"]`)
	p.wantText("h1", "Check the answers")
	p.wantText(".summary", "filming, for their own shared reviews", "supervision: the guider's supervisor may watch the recordings and films",
		"Maya (mother)", "Not asked (too young)", "60 days", "version 2")
	if rows := p.count(".summary > div"); rows != 5 {
		p.t.Errorf("the check page's summary has %d rows, want 5", rows)
	}
	p.shootAt(dir, "journey-consent-check", 1366, 768)
	p.checkAxe("the consent check page")
	p.fill("#f-signature", "Maya")
	p.press(`form[action="/cases/` + id + `/consent"] button[type="submit"]`)
	p.wantPath("/cases/" + id)
	p.wantText("[role=status]", "Consent recorded")
}

// codeAndClip follows "What comes next" to the workspace, codes one moment
// and marks one clip there.
func codeAndClip(p *tab, dir string) {
	p.t.Helper()
	p.press(".next-step a")
	p.waitWorkspace()
	p.settled(0)
	p.keys(strings.Repeat(".", 10))
	p.settled(10)
	p.keys("1")
	p.waitJS(`document.querySelectorAll('#ws-moments .ws-moment:not(.ws-pending)').length === 1`, 10*time.Second, "the coded moment saved")
	p.keys("i")
	p.keys(strings.Repeat(".", 30))
	p.settled(40)
	p.keys("o")
	p.waitJS(`document.querySelectorAll('#ws-clips .ws-clip:not(.ws-pending)').length === 1`, 10*time.Second, "the clip saved")
	p.settledSaves("the clip")
	run(p, "resize", chromedp.EmulateViewport(1366, 768))
	if err := os.WriteFile(filepath.Join(dir, "journey-workspace-1366.png"), run(p, "screenshot", chromedp.CaptureScreenshot()), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// makeJourneyFilm makes a film of the title card and the clip from "What
// comes next", renders it and returns its path.
func makeJourneyFilm(p *tab, dir string) string {
	p.t.Helper()
	p.press(".next-step a")
	p.fill("#f-title", "Playtime")
	p.press(".film-new button[type=submit]")
	filmPath := p.path()
	if !strings.HasPrefix(filmPath, "/films/") {
		p.t.Fatalf("starting a film led to %s", filmPath)
	}
	p.waitJS(`document.querySelectorAll('#library .library-item').length === 1`, 10*time.Second, "the clip in the builder's library")
	p.click(`#library .library-item:nth-child(1) button`)
	p.waitJS(`document.querySelectorAll('#items .film-item').length === 2`, 5*time.Second, "two items")
	p.waitJS(`document.getElementById('save-status').textContent === 'Saved.'`, 10*time.Second, "the film to be saved")
	run(p, "render", chromedp.Click(chromedp.CSS("#render"), chromedp.NodeVisible))
	p.waitJS(`document.getElementById('render-status').textContent.startsWith('Ready to watch')`, 3*time.Minute, "the render to finish")
	if got := p.text("#render-status"); got != "Ready to watch." {
		p.t.Errorf("after the first render the status says %q, want just \"Ready to watch.\"", got)
	}
	// No reload: the card to share it comes alive by itself.
	p.waitJS(`!!document.querySelector('form[action="`+filmPath+`/release"] button:not([disabled])')`, 10*time.Second,
		"the button to share the rendered film, without a reload")
	p.shootAt(dir, "journey-film", 1366, 768)
	return filmPath
}

// journeyReview holds the shared review: the parent's words against the
// clip, then their next steps.
func journeyReview(p *tab, dir string) {
	p.t.Helper()
	p.waitJS(`document.getElementById('review-count').textContent.startsWith('Moment 1 of 2')`, 10*time.Second, "the shared review")
	run(p, "next", chromedp.Click(chromedp.CSS("#next")))
	p.waitJS(`!!document.querySelector('#stage video')`, 5*time.Second, "the clip")
	run(p, "words", chromedp.SendKeys(chromedp.CSS("#words"), "I waited and he showed me the train"))
	p.waitJS(`document.getElementById('words-saved').textContent === 'Saved.'`, 10*time.Second, "the parent's words to be saved")
	p.shootAt(dir, "journey-review", 1366, 768)
	run(p, "next", chromedp.Click(chromedp.CSS("#next")))
	p.waitJS(`!document.getElementById('review-end').hidden`, 5*time.Second, "the end screen")
	run(p, "next steps", chromedp.SendKeys(chromedp.CSS("#next-steps"), "Wait a little longer at bath time"))
	p.waitJS(`document.getElementById('next-saved').textContent.startsWith('Saved')`, 10*time.Second, "the next steps to be saved")
}

// shareAndInvite shares the film with no parent invited: attune says nobody
// can see it yet and offers the invitation, which shows the full sign-in
// address.
func shareAndInvite(p *tab, dir, id, filmPath string) {
	p.t.Helper()
	p.open(filmPath)
	// The page is still: the film has loaded its first frame (a click aimed at
	// a button that then moved would wait for a page that never comes).
	p.waitJS(`document.getElementById('film-video').readyState >= 1`, 30*time.Second, "the rendered film to load")
	p.press(`form[action="` + filmPath + `/release"] button`)
	p.wantPath("/cases/" + id + "/family")
	p.wantText("[role=status]", "shared with the family", "nobody can see it yet", "no parent is invited")
	headings := eval[[]string](p, `[...document.querySelectorAll('main h1, main h2')].map(h => h.textContent.trim())`)
	if n := strings.Count(strings.Join(headings, "|")+"|", "The family's page|"); n != 1 {
		p.t.Errorf("the family's page has the heading \"The family's page\" %d times: %q", n, headings)
	}
	p.shootAt(dir, "journey-family-nobody", 1366, 768)
	p.fill("#f-name", "Maya")
	p.fill("#f-email", "maya@example.org")
	p.press(`form[action="/cases/` + id + `/family"] button[type="submit"]`)
	p.wantText("h1", "Invitation for Maya")
	if got := p.text("main"); !strings.Contains(got, p.base+"/family/signin") {
		p.t.Errorf("the invitation says %q, want the full sign-in address %s/family/signin", got, p.base)
	}
	p.shootAt(dir, "journey-invitation", 1366, 768)
}

// endEarlyAndEnd ends after one cycle (cancelling 2 and 3), re-rates the
// goal, writes the letter, downloads it and finishes the ending.
func endEarlyAndEnd(t *testing.T, p *tab, dir, id string) {
	t.Helper()
	p.open("/cases/" + id)
	p.press(`a[href="/cases/` + id + `/end-early"]`)
	p.press(`form[action="/cases/` + id + `/end-early"] button`)
	p.wantText("[role=status]", "Cycles 2 and 3 are cancelled")
	p.wantTask("Cycle 2", "Film", "Cancelled")
	p.wantNext("Re-rate the goals and write the closing letter", "/cases/"+id+"/ending")
	p.press(".next-step a")
	p.wantPath("/cases/" + id + "/ending")
	p.wantText("main", "I waited and he showed me the train")
	names := eval[[]string](p, `[...new Set([...document.querySelectorAll('form.ending-rates input[type=radio]')].map(i => i.name))]`)
	for _, name := range names {
		p.pick("form.ending-rates", name, 7)
	}
	p.press(`form.ending-rates button[type="submit"]`)
	p.wantText("[role=status]", "ratings at the ending are saved")
	writeLetter(p, id)
	p.shootAt(dir, "journey-ending", 1366, 768)
	pdf := p.fetchBytes("/cases/" + id + "/letter")
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the letter starts %q, want %%PDF", pdf[:min(len(pdf), 20)])
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		file := filepath.Join(t.TempDir(), "letter.pdf")
		if err := os.WriteFile(file, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		text, err := exec.Command("pdftotext", file, "-").Output()
		if err != nil || !strings.Contains(string(text), "Keep bath time") {
			t.Errorf("the letter's text (%v): %.300s", err, text)
		}
	}
	p.open("/cases/" + id)
	p.press(`.card-tasks form[action="/cases/` + id + `/stage"] button`)
	p.wantText("[role=status]", "moved on")
	p.wantNext("Ended: follow up, or close the case", "/cases/"+id+"#case-status")
	p.wantTask("Ending", "Re-rate the goals, closing letter", "Completed")
	p.shootAt(dir, "journey-ended", 1366, 768)
}
