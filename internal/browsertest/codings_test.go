package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/supervision"
)

// TestBlindDoubleCoding: a guider starts a second coding of a film for their
// supervisor; the supervisor codes it in the workspace, seeing none of the
// guider's moments (nor, asking for the agreement, any comparison); both
// mark their coding done; then both see the agreement page, the two
// codings side by side, and step through the differences with J and K.
func TestBlindDoubleCoding(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	ctx := context.Background()
	g, _ := in.User(t, "gail@example.org", domain.RolePractitioner, false)
	sup, _ := in.User(t, "sid@example.org", domain.RoleSupervisor, false)
	adm, _ := in.User(t, "lead@example.org", domain.RoleAdmin, false)
	caseID := filmingCase(t, in, g)
	if err := in.Deps.Cases.Share(ctx, actor(g), caseID, sup.ID); err != nil {
		t.Fatal(err)
	}
	in.Consent(t, actor(g), caseID, domain.PurposeSupervision)
	dir := screenshotDir(t)
	b := newBrowser(t, in.URL)

	// The guider uploads the film and starts a second coding from its page.
	p := b.person(t)
	p.enterPassword("gail@example.org")
	p.wantPath("/")
	p.open("/cases/" + caseID)
	p.choose(makeFilm(t, "twice.mp4", stepFilm...))
	watch := p.waitReady("twice.mp4", 60*time.Second)
	rec := strings.TrimPrefix(watch, "/recordings/")
	p.open(watch)
	p.wantText("#codings-h", "Coding twice")
	p.fill("#f-coder_email", "nobody@example.org")
	p.press(`form.coding-start button[type="submit"]`)
	p.wantText(".error-summary", "Share the case with them first")
	p.fill("#f-coder_email", "sid@example.org")
	p.press(`form.coding-start button[type="submit"]`)
	p.wantPath(watch)
	p.wantText(".banner-ok", "The second coding has started")
	p.wantText(".coding-card", "Second coding by", "is still coding")

	// The guider's own coding: three moments (made here through the service).
	main := func(code string, start, end int) {
		t.Helper()
		if _, err := in.Deps.Analysis.CreateAnnotation(ctx, actor(g), rec, analysis.AnnotationInput{Code: &code, StartFrame: &start, EndFrame: &end}); err != nil {
			t.Fatal(err)
		}
	}
	main("being-attentive", 20, 60)
	main("guiding", 100, 140)
	main("receiving-initiatives", 200, 200)

	// The supervisor codes blind in the workspace: none of the guider's moments show.
	s := b.person(t)
	s.enterPassword("sid@example.org")
	s.open(watch)
	s.wantText(".coding-card", "Your second coding", "You code blind")
	s.press(`.coding-card a[href*="/workspace?coding="]`)
	s.waitWorkspace()
	s.wantText(".ws-blind-bar", "You code this recording blind")
	if n := s.count("#ws-moments .ws-moment"); n != 0 {
		t.Fatalf("the second coder's workspace lists %d moments before they coded any", n)
	}
	// Being attentive 25–60 (Shift+1 starts and ends a span): it shares 36
	// of the guider's 41 frames, so the two pair and agree. A point of
	// encouraging initiatives at 105, inside the guider's guiding, pairs
	// with nothing (a point is too short against a span). Receiving
	// initiatives at 203, within half a second of the guider's point at 200.
	shift := chromedp.KeyModifiers(chromedp.ModifierShift)
	s.settled(0)
	s.keys(strings.Repeat(".", 25))
	s.settled(25)
	s.keys("!", shift)
	s.keys(strings.Repeat(".", 35))
	s.settled(60)
	s.keys("!", shift)
	s.keys(strings.Repeat(".", 45))
	s.settled(105)
	s.keys("2")
	s.keys(strings.Repeat(".", 98))
	s.settled(203)
	s.keys("3")
	s.waitJS(`document.querySelectorAll('#ws-moments .ws-moment:not(.ws-pending)').length === 3`, 10*time.Second, "the second coder's three moments")
	mine := apiJSON[struct{ Annotations []wsAnnotation }](s, "/api/v1/recordings/"+rec+"/annotations?coding_id="+eval[string](s, `document.getElementById('ws').dataset.coding`)).Annotations
	if len(mine) != 3 || mine[0].Code != "being-attentive" || mine[0].StartFrame != 25 || mine[0].EndFrame != 60 {
		t.Fatalf("the second coding holds %+v", mine)
	}
	s.look(dir, "coding-blind-workspace")
	run(s, "resize", chromedp.EmulateViewport(1280, 800))
	if gap := eval[float64](s, `document.querySelector('.ws-timeline').getBoundingClientRect().top - document.querySelector('.ws-transport').getBoundingClientRect().bottom`); gap < -1 {
		t.Errorf("at 1280×800 the blind coder's timeline lies %.0f px over the player's buttons", -gap)
	}
	// Asking for the main coding's workspace brings them back to their own.
	s.open(watch + "/workspace")
	s.waitWorkspace()
	s.wantText(".ws-blind-bar", "You code this recording blind")
	// The agreement is not shown yet.
	coding := eval[string](s, `document.getElementById('ws').dataset.coding`)
	s.open(watch + "/agreement?b=" + coding)
	s.wantText(".error-summary", "coded twice, blind")
	s.press(`form[action="/codings/` + coding + `/done"] button`)
	s.wantText(".banner-ok", "Marked done.")
	s.wantText(".coding-card", "The guider's coding opens once they have marked theirs done")

	// The guider marks theirs done: both codings open.
	p.open(watch)
	p.wantText(".coding-card", "marked their coding done")
	p.press(`form[action="/codings/` + coding + `/done"] button`)
	p.wantText(".banner-ok", "Both codings can now be compared")
	p.look(dir, "coding-film-page")
	p.press(`.coding-card a[href*="/agreement?b="]`)
	p.wantText("h1", "Where")
	p.wantText(".ag-facts", "2 moments were found at the same time in both codings", "In 2 of them you chose the same code",
		"1 of Gail", "1 of Sid")
	if n := p.count(".ag-lane .ag-m"); n != 6 {
		t.Errorf("the side-by-side timeline shows %d moments, want 3 + 3", n)
	}
	if n := p.count(".ag-m.ag-differs"); n != 2 {
		t.Errorf("%d moments are marked as differing, want the 2 without a partner", n)
	}
	p.wantText("#d-1", "Gail", "coded Guiding", "Sid coded nothing here")
	p.wantText("#d-2", "Sid coded Encouraging initiatives", "Gail coded nothing here")
	p.keys("j")
	p.waitJS(`document.activeElement.id === 'd-1' && document.getElementById('d-1').classList.contains('ag-current') && !document.getElementById('ag-now').hidden`, 5*time.Second, "the first difference")
	p.keys("j")
	p.waitJS(`document.activeElement.id === 'd-2' && Math.abs(document.getElementById('ag-video').currentTime - Number(document.getElementById('d-2').dataset.seconds)) < 0.05`, 5*time.Second, "the second difference, in the film")
	p.keys("k")
	p.waitJS(`document.activeElement.id === 'd-1'`, 5*time.Second, "back to the first difference")
	p.look(dir, "coding-agreement")

	// The supervisor sees the same comparison now.
	s.open(watch + "/agreement?b=" + coding)
	s.wantText(".ag-facts", "2 moments were found at the same time")

	// Sid supervises Gail, who shares the film for supervision: Sid turns
	// the first difference into a comment in its thread, for discussion.
	sv := supervision.New(in.Deps.Recordings, in.Deps.Films)
	if err := sv.Link(ctx, actor(adm), sup.ID, g.ID); err != nil {
		t.Fatal(err)
	}
	share, err := sv.Share(ctx, actor(g), supervision.ShareInput{Kind: domain.MaterialRecording, MaterialID: rec, SupervisorID: sup.ID})
	if err != nil {
		t.Fatal(err)
	}
	s.open(watch + "/agreement?b=" + coding)
	s.click("#d-1 .ag-raise summary")
	if v := eval[string](s, `document.getElementById('body-1').value`); !strings.HasPrefix(v, "At 0:04.0: Gail coded Guiding; Sid coded nothing here.") {
		t.Errorf("the comment starts as %q", v)
	}
	s.press("#d-1 .ag-raise button[type=submit]")
	s.wantText(".banner-ok", "The difference is in the supervision thread")
	comments, err := sv.Comments(ctx, actor(sup), share.ID)
	if err != nil || len(comments) != 1 || !comments[0].Discuss || comments[0].Frame != 100 || !strings.Contains(comments[0].Body, "Gail coded Guiding") {
		t.Fatalf("the supervision thread holds %+v %v", comments, err)
	}

	// A research partner's BORIS export comes in from the film's page.
	boris := filepath.Join(t.TempDir(), "r2.csv")
	if err := os.WriteFile(boris, []byte("Behavior,Behavior type,Start (s),Stop (s)\nguiding,STATE,4.0,5.6\nreceiving-initiatives,POINT,8.0,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.open(watch)
	p.click(".coding-import summary")
	p.fill("#f-coder_name", "Rana (research)")
	p.click(`input[name="format"][value="boris"]`)
	run(p, "choose the BORIS file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{boris}))
	p.press(`.coding-import button[type="submit"]`)
	p.wantText(".banner-ok", "2 moments of Rana (research)'s coding came in")
	// The guider had marked their coding done already: the import compares at once.
	p.wantText(".codings", "Second coding by Rana (research)", "Imported from a BORIS export", "2 moments in Rana (research)'s coding")
	p.look(dir, "coding-film-page-imported")

	// The guider's accreditation log counts the film and shows both comparisons.
	p.open("/supervision/log/" + g.ID)
	p.wantText("#sup-double", "1 recording coded blind with someone else")
	p.wantText("#h-double + p + p + figure + .table-wrap", "Sid", "Rana (research)")
	if n := p.count(".sup-trend circle"); n != 4 {
		t.Errorf("the trend shows %d points, want 2 films × 2 measures", n)
	}
	p.look(dir, "coding-accreditation-log")
	// And the supervisor's own log counts the film they coded.
	s.open("/supervision/log/" + sup.ID)
	s.wantText("#sup-double", "1 recording coded blind with someone else")
	s.wantText(".sup-section table", "Gail")
}
