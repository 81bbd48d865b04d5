package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/family"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/lifecycle"
	"github.com/attune-vig/attune/internal/questionnaires"
	"github.com/attune-vig/attune/internal/store"
)

// TestFamilyPortal: the guider invites a parent on the case page's family
// section and reads out the code; the parent signs in with it on a phone,
// sees their goal and its ratings, the next session, a film the guider
// released (it plays), fills in a questionnaire from the portal, changes
// the language, asks for the film to be deleted (the guider sees the
// request) and signs out. A parent of another case sees none of it. Wrong,
// reused and guessed codes get plain messages. Every family page passes axe
// at 360 px and at 200 % zoom. With PINs on, the second parent chooses one.
func TestFamilyPortal(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	gail, _ := in.User(t, "gail@example.org", domain.RolePractitioner, false)
	ctx, a := context.Background(), accounts.Actor{User: gail, IP: "127.0.0.1"}
	dir := screenshotDir(t)
	caseID, filmID := familyCase(t, in, a)

	b := newBrowser(t, in.URL)
	g := b.person(t)
	g.enterPassword("gail@example.org")
	g.open("/cases/" + caseID + "/family")
	g.fill("#f-name", "Ann")
	g.fill("#f-email", "ann@example.org")
	g.press(`form[action$="/family"] button[type="submit"]`)
	g.wantText("h1", "Invitation for Ann")
	if g.count(`img[src^="data:image/png"]`) != 1 {
		t.Error("the invitation has no QR code")
	}
	g.lookAt(dir, "family-invite")
	code := strings.TrimSpace(g.text(".code-big"))

	p, closePhone := phone(t, b)
	defer closePhone()
	p.open("/family/signin")
	p.lookFamily(dir, "family-signin")
	p.signInWithCode("ann@example.org", "00000000")
	p.wantText(".error-summary", "doesn't match")
	p.lookFamily(dir, "family-signin-wrong")
	p.signInWithCode("ann@example.org", code)
	p.wantPath("/family")
	p.wantText("main", "Hello, Ann", "How can I help Sam feel safe?", "3 out of 10", "First meeting", "Watching the film together", "Our first film")
	p.lookFamily(dir, "family-home")
	if st := p.status("/family/calendar.ics"); st != 200 {
		t.Errorf("calendar: %d", st)
	}

	if filmID == "" {
		t.Log("FILM's code would not release the film: the released-film checks are skipped")
	} else {
		p.press(`a[href="/family/films/` + filmID + `"]`)
		p.wantText("h1", "Our first film")
		if st := p.status("/family/films/" + filmID + "/video"); st != 200 {
			t.Errorf("the released film's video: status %d", st)
		}
		p.lookFamily(dir, "family-film")
		p.press(`a[href^="/family/ask?kind=film"]`)
		p.fill("#f-note", "Please delete it after the ending.")
		p.lookFamily(dir, "family-ask")
		p.press(`form[action="/family/ask"] button[type="submit"]`)
		p.wantText("[role=status]", "sent to your guider")
		g.open("/cases/" + caseID + "/family")
		g.wantText("main", "Ann asks you to delete a film", "Please delete it after the ending.")
	}

	p.press(`form[action^="/family/questionnaires/"] button`)
	if !strings.HasPrefix(p.path(), "/q/") {
		t.Fatalf("the questionnaire opened at %s", p.path())
	}
	fillGAD7(p)
	p.wantText("h1", "Thank you")
	p.open("/family")
	p.wantText("main", "no questionnaires waiting")

	p.fill("#f-lang-pick", "pl")
	p.press(`form.f-lang button`)
	p.wantText("h1", "Dzień dobry, Ann")
	p.wantText("main", "Twoje cele", "Pierwsze spotkanie")
	p.lookFamily(dir, "family-home-pl")
	p.press(`footer form[action="/family/signout"] button`)
	p.wantPath("/family/signedout")
	p.wantText("h1", "Wylogowano")
	p.lookFamily(dir, "family-signedout")
	p.open("/family")
	p.wantPath("/family/signin")
	p.signInWithCode("ann@example.org", code)
	p.wantText(".error-summary", "już użyty") // the code worked once, and the page stays in Polish

	// A parent of another case, on their own phone, sees nothing of Ann's.
	other := createCase(t, in, gail, casework.Input{Reference: "VIG-2", Focus: "bedtime",
		Participants: []domain.Participant{{Role: "adult", Name: "Bo", Relation: "father"}}})
	inv, err := in.Deps.Family.Invite(ctx, a, other, family.InviteInput{Name: "Bo"})
	if err != nil {
		t.Fatal(err)
	}
	// This service asks parents for a PIN: Bo chooses one after signing in.
	ada, _ := in.User(t, "ada@example.org", domain.RoleAdmin, false)
	if err := in.Deps.Family.SetPINEnabled(ctx, accounts.Actor{User: ada}, true); err != nil {
		t.Fatal(err)
	}
	bo, closeBo := phone(t, b)
	defer closeBo()
	_, tok, _ := strings.Cut(inv.Link, "/family/in/")
	bo.open("/family/in/" + tok)
	bo.lookFamily(dir, "family-link")
	bo.press(`main form button[type="submit"]`)
	bo.wantPath("/family/pin")
	bo.fill("#f-pin", "1111")
	bo.fill("#f-again", "1111")
	bo.press(`main form button[type="submit"]`)
	bo.wantText(".error-summary", "easy to guess")
	bo.lookFamily(dir, "family-pin-choose")
	bo.fill("#f-pin", "2580")
	bo.fill("#f-again", "2580")
	bo.press(`main form button[type="submit"]`)
	bo.wantText("main", "Hello, Bo", "Your goals will show here")
	if strings.Contains(bo.text("main"), "feel safe") {
		t.Error("Bo sees Ann's goal")
	}
	if filmID != "" {
		if st := bo.status("/family/films/" + filmID + "/video"); st != 404 {
			t.Errorf("Bo playing Ann's film: status %d, want 404", st)
		}
	}
	if st := bo.status("/cases/" + caseID); st != 303 && st != 0 {
		t.Errorf("Bo opening the case page: status %d", st)
	}
	bo.open("/family/in/" + tok)
	bo.wantText("main", "already been used")

	bo.open("/resources")
	bo.wantText("h1", "About the work with your family")
	bo.lookFamily(dir, "family-resources")

	// The administrator adds German from the English file; Bo picks it.
	admin := b.person(t)
	admin.enterPassword("ada@example.org")
	admin.open("/admin/resources")
	admin.lookAt(dir, "family-admin")
	cat := map[string]string{}
	if err := json.Unmarshal(admin.fetchBytes("/admin/family/languages/en.json"), &cat); err != nil {
		t.Fatal(err)
	}
	cat["f.home.hello"] = "Hallo, {1}"
	delete(cat, "f.goals")
	file := writeFile(t, "de.json", mustMarshal(t, cat))
	admin.fill("#f-lang", "de")
	admin.fill("#f-lname", "Deutsch")
	run(admin, "choose the catalogue", chromedp.SetUploadFiles(chromedp.CSS("#f-cat"), []string{file}))
	admin.press(`form[action="/admin/family/languages"] button`)
	admin.wantText(".error-summary", "“f.goals” is missing")
	cat["f.goals"] = "Ihre Ziele"
	file = writeFile(t, "de2.json", mustMarshal(t, cat))
	admin.fill("#f-lang", "de")
	admin.fill("#f-lname", "Deutsch")
	run(admin, "choose the catalogue", chromedp.SetUploadFiles(chromedp.CSS("#f-cat"), []string{file}))
	admin.press(`form[action="/admin/family/languages"] button`)
	admin.wantText("[role=status]", "The language was added")
	bo.open("/family")
	bo.fill("#f-lang-pick", "de")
	bo.press(`form.f-lang button`)
	bo.wantText("h1", "Hallo, Bo")
	bo.wantText("main", "Ihre Ziele")
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// familyCase makes a case with a goal rated once, a session next week, an
// open GAD-7 and a rendered film released to the family (its id, or "" if
// FILM's rules refused the release).
func familyCase(t *testing.T, in *apptest.Instance, a accounts.Actor) (string, string) {
	ctx := context.Background()
	id := createCase(t, in, a.User, casework.Input{Reference: "VIG-1", Focus: "feeling safe",
		Participants: []domain.Participant{{Role: "adult", Name: "Ann", Relation: "mother"}, {Role: "child", Name: "Sam", BirthDate: "2021-05-04"}}})
	if _, err := in.Deps.Lifecycle.AddGoal(ctx, a, id, lifecycle.GoalInput{HelpingQuestion: "How can I help Sam feel safe?", Now: 3, Hoped: 8}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Deps.Lifecycle.Schedule(ctx, a, id, lifecycle.SessionInput{Kind: domain.SessionReview,
		StartsAt: time.Now().Add(7 * 24 * time.Hour).Truncate(time.Hour), Minutes: 60, Place: "home"}); err != nil {
		t.Fatal(err)
	}
	ins, err := in.Deps.Questionnaires.Instruments(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range ins {
		if strings.Contains(strings.ToLower(i.Name+" "+i.Title+" "+i.Key), "gad") {
			if _, _, err := in.Deps.Questionnaires.Assign(ctx, a, id, questionnaires.AssignInput{InstrumentID: i.ID,
				Point: domain.PointBaseline, Language: "en"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	in.FilmingConsent(t, a, id)
	title := "Our first film"
	f, err := in.Deps.Films.Create(ctx, a, id, films.Input{Title: &title, Items: &[]films.ItemInput{{Kind: domain.ItemTitle, Text: "Playing"}}})
	if err != nil {
		t.Fatal(err)
	}
	mp4 := makeFilm(t, "family.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2", "-c:v", "libx264",
		"-pix_fmt", "yuv420p", "-movflags", "+faststart")
	if _, err := films.Store(ctx, in.Deps.DB, in.Deps.Keys, in.Deps.Blobs, f.ID, domain.FilmFileVideo, "", mp4); err != nil {
		t.Fatal(err)
	}
	err = in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.FilmByID(ctx, f.ID)
		if err != nil {
			return err
		}
		cur.Status, cur.RenderedVersion = domain.FilmReady, cur.Version
		return tx.SetFilmState(ctx, cur)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Deps.Films.Release(ctx, a, f.ID, true); err != nil {
		t.Logf("releasing the film: %v", err)
		return id, ""
	}
	return id, f.ID
}

func (p *tab) signInWithCode(email, code string) {
	p.t.Helper()
	p.fill("#f-email", email)
	p.fill("#f-code", code)
	p.press(`main form[action="/family/signin"] button[type="submit"]`)
}

// fillGAD7 answers every question page by page, then sends.
func fillGAD7(p *tab) {
	p.t.Helper()
	for page := 0; page < 10; page++ {
		for n := 1; n <= 7; n++ {
			if p.count(fmt.Sprintf(`input[name="a.gad7-%d"]`, n)) > 0 {
				p.click(fmt.Sprintf(`label.q-option:has(input[name="a.gad7-%d"][value="LA6569-3"]) span`, n))
			}
		}
		if p.count(`button[value="send"]`) > 0 {
			p.press(`button[value="send"]`)
			return
		}
		p.press(`button[value="next"]`)
	}
	p.t.Fatal("the questionnaire never offered to send")
}

// lookFamily checks a family page on phones (360 and 320 px) and with the
// browser zoomed to 200 % and 400 %: a 1280×800 window at 200 % lays pages
// out in 640×400 CSS px, so a 640×400 viewport at device scale 2 is the
// same layout, drawn at the zoomed size (at 400 %: 320×200 at scale 4, the
// reflow width of WCAG 1.4.10). Each gets a screenshot, axe-core and no
// sideways scroll.
func (p *tab) lookFamily(dir, name string) {
	p.t.Helper()
	views := []struct {
		label string
		w, h  int64
		scale float64
	}{{"360", 360, 740, 1}, {"320", 320, 640, 1}, {"zoom200", 640, 400, 2}, {"zoom400", 320, 200, 4}}
	for _, v := range views {
		run(p, "resize", chromedp.EmulateViewport(v.w, v.h, chromedp.EmulateScale(v.scale)))
		png := run(p, "screenshot "+name, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s.png", name, v.label)), png, 0o644); err != nil {
			p.t.Fatal(err)
		}
		p.checkAxe(fmt.Sprintf("%s at %s", name, v.label))
		p.wantNoSidewaysScroll(name + " at " + v.label)
	}
	run(p, "resize", chromedp.EmulateViewport(360, 740))
}
