package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/films"
	"github.com/attune-vig/attune/internal/store"
	"github.com/attune-vig/attune/internal/supervision"
)

// TestSupervisionOnVideo: a trainee shares the video of their shared review
// and a film with their supervisor; the supervisor steps to a frame and comments there;
// the trainee answers in the thread; the supervisor logs the session and
// the trainee's accreditation log counts it; a second supervisor sees
// nothing. Each page is looked at (axe, 1280/768/360 px screenshots).
func TestSupervisionOnVideo(t *testing.T) {
	in := apptest.Start(t, "")
	ctx := context.Background()
	tr, _ := in.User(t, "tess@example.org", domain.RolePractitioner, false)
	sup, _ := in.User(t, "sol@example.org", domain.RoleSupervisor, false)
	in.User(t, "sam@example.org", domain.RoleSupervisor, false)
	adm, _ := in.User(t, "lead@example.org", domain.RoleAdmin, false)
	caseID := filmingCase(t, in, tr)
	in.Consent(t, actor(tr), caseID, domain.PurposeSupervision)
	if err := supervision.New(in.Deps.Recordings, in.Deps.Films).Link(ctx, actor(adm), sup.ID, tr.ID); err != nil {
		t.Fatal(err)
	}
	dir := screenshotDir(t)
	b := newBrowser(t, in.URL)

	// The trainee uploads the review video and shares it as one.
	p := b.person(t)
	p.enterPassword("tess@example.org")
	p.wantPath("/")
	p.open("/cases/" + caseID)
	p.choose(makeFilm(t, "our-review.mp4", stepFilm...))
	p.waitReady("our-review.mp4", 60*time.Second)
	p.open("/supervision")
	p.wantText("#h-share", "Share with your supervisor")
	p.click("#f-review")
	p.fill("#f-note", "My second shared review: the waiting at the start")
	p.press(`form[action="/supervision/shares"] button[type="submit"]`)
	p.wantPath("/supervision")
	p.wantText(".banner-ok", "Shared with your supervisor")
	share := eval[string](p, `document.querySelector('.sup-item a').pathname`)
	if !strings.HasPrefix(share, "/supervision/shares/") {
		t.Fatalf("the trainee's list links to %q", share)
	}
	p.wantText(".sup-item", "Review video: our-review.mp4")
	p.look(dir, "supervision-trainee")

	// And a film of the case (its rendered file made here, as a render would).
	film := renderedFilm(t, in, tr, caseID)
	p.open("/supervision")
	p.setSelect("#f-material", "film:"+film)
	p.press(`form[action="/supervision/shares"] button[type="submit"]`)
	p.wantText(".banner-ok", "Shared with your supervisor")
	filmShare := eval[string](p, `[...document.querySelectorAll('.sup-item a')].find(a => a.textContent.startsWith('Film:')).pathname`)

	// The supervisor steps to frame 5 and comments there.
	s := b.person(t)
	s.enterPassword("sol@example.org")
	s.open("/supervision")
	s.wantText("#h-with-me", "Shared with you")
	s.press(`.sup-item a[href="` + share + `"]`)
	s.wantPath(share)
	s.waitJS(`document.getElementById('sup').dataset.playerReady === 'true'`, 20*time.Second, "the supervisor's player")
	for range 5 {
		s.click(`[data-step="1"]`)
	}
	s.waitJS(`document.getElementById('sup-frame').textContent === '5'`, 10*time.Second, "frame 5")
	s.fill("#sup-comment", "Here you waited for her: lovely.")
	s.click("#sup-discuss")
	s.click(`#sup-comment-form button[type="submit"]`)
	s.waitJS(`!!document.querySelector('.sup-comment[data-frame="5"]')`, 10*time.Second, "the comment at frame 5")
	s.wantText(".sup-comment .tag", "For discussion")
	s.look(dir, "supervision-material")
	s.open(filmShare)
	s.waitJS(`document.getElementById('sup').dataset.playerReady === 'true'`, 20*time.Second, "the film's player")
	s.click(`[data-step="1"]`)
	s.waitJS(`document.getElementById('sup-frame').textContent === '1'`, 10*time.Second, "the film's frame 1")
	s.fill("#sup-comment", "A good title card.")
	s.click(`#sup-comment-form button[type="submit"]`)
	s.waitJS(`!!document.querySelector('.sup-comment[data-frame="1"]')`, 10*time.Second, "the comment on the film")

	// The trainee answers in the thread.
	p.open(share)
	p.waitJS(`document.getElementById('sup').dataset.comments === 'loaded' && !!document.querySelector('.sup-comment')`, 10*time.Second, "the comments")
	p.fill(".sup-reply-form textarea", "I nearly spoke, then didn't.")
	p.click(".sup-reply-form button")
	p.waitJS(`!!document.querySelector('.sup-reply')`, 10*time.Second, "the answer")
	s.open(share)
	s.waitJS(`[...document.querySelectorAll('.sup-reply .sup-body')].some(e => e.textContent === "I nearly spoke, then didn't.")`, 10*time.Second, "the trainee's answer")

	// The supervisor logs a session; the trainee's log counts it.
	s.open("/supervision")
	s.fill("#f-minutes", "90")
	s.click("#m-video_call")
	s.click(`input[name="share_ids"]`)
	s.fill("#f-learning_points", "Keep waiting a little longer before naming.")
	s.press(`form[action="/supervision/sessions"] button[type="submit"]`)
	s.wantText(".banner-ok", "Supervision session logged")
	s.wantText(".sup-timeline", "90 minutes")
	s.look(dir, "supervision-supervisor")
	p.open("/supervision/log/" + tr.ID)
	p.wantText(`.sup-stage-card[data-stage="1"]`, "1.5 of 7")
	p.look(dir, "supervision-log")

	s.open("/supervision/team")
	s.wantText(".table", "Tess")
	s.look(dir, "supervision-team")

	// The service lead changes the stage rules; the log follows at once.
	a := b.person(t)
	a.enterPassword("lead@example.org")
	a.open("/admin/supervision")
	a.fill(`input[name="s1_cycles"]`, "0")
	a.fill(`input[name="s1_families"]`, "0")
	a.fill(`input[name="s1_hours"]`, "1")
	a.press(`#f-stages button[type="submit"]`)
	a.wantText(".banner-ok", "Stage rules saved")
	a.look(dir, "supervision-admin")
	p.open("/supervision/log/" + tr.ID)
	p.wantText(`.sup-stage-card[data-stage="1"]`, "1.5 of 1", "Ready for review")

	// A second supervisor sees nothing.
	o := b.person(t)
	o.enterPassword("sam@example.org")
	if st := o.open("/supervision"); st != 200 {
		t.Errorf("the second supervisor's supervision page: %d", st)
	}
	if n := o.count(".sup-item"); n != 0 {
		t.Errorf("the second supervisor sees %d shared items", n)
	}
	if st := o.open(share); st != 404 {
		t.Errorf("the second supervisor opening the share: %d, want 404", st)
	}
	if st := o.status("/api/v1/supervision/shares/" + strings.TrimPrefix(share, "/supervision/shares/") + "/video"); st != 404 {
		t.Errorf("the second supervisor fetching the video: %d, want 404", st)
	}
}

// renderedFilm makes a film on the case whose rendered file is a real video
// (stepFilm), stored as the render job stores it.
func renderedFilm(t *testing.T, in *apptest.Instance, u *domain.User, caseID string) string {
	t.Helper()
	ctx := context.Background()
	title := "Bedtime together"
	f, err := in.Deps.Films.Create(ctx, actor(u), caseID, films.Input{Title: &title, Items: &[]films.ItemInput{{Kind: domain.ItemTitle, Text: "Bedtime"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := films.Store(ctx, in.Deps.DB, in.Deps.Keys, in.Deps.Blobs, f.ID, domain.FilmFileVideo, "", makeFilm(t, "film.mp4", stepFilm...)); err != nil {
		t.Fatal(err)
	}
	err = in.Deps.DB.Update(ctx, func(tx *store.Tx) error {
		f.Status, f.RenderedVersion, f.Format = domain.FilmReady, f.Version, `{"FrameRate":"25/1"}`
		return tx.SetFilmState(ctx, f)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}
