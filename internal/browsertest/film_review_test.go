package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/analysis"
	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// TestFilmReview builds a film of a title card, two clips and a still in
// the builder (adding, captioning, slowing down, reordering by keys and
// buttons), renders it with the progress bar, plays it, opens the shared
// review, writes the parent's words against a clip and their next steps,
// and finds both on the case page. Builder and review are screenshot at
// laptop and tablet sizes and checked with axe.
func TestFilmReview(t *testing.T) {
	in := apptest.Start(t, "")
	u, _ := in.User(t, "wren@example.org", domain.RolePractitioner, false)
	caseID := filmingCase(t, in, u)
	film := makeFilm(t, "blocks.mp4", stepFilm...)
	dir := screenshotDir(t)
	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("wren@example.org")
	p.open("/cases/" + caseID)
	p.choose(film)
	recID := strings.TrimPrefix(p.waitReady("blocks.mp4", 90*time.Second), "/recordings/")
	markMoments(t, in, actor(u), recID)

	p.open("/cases/" + caseID + "/films")
	p.checkAxe("films of a case")
	p.fill("#f-title", "Playing with the blocks")
	p.press(".film-new button[type=submit]")
	filmPath := p.path()
	if !strings.HasPrefix(filmPath, "/films/") {
		t.Fatalf("starting a film led to %s", filmPath)
	}
	p.waitJS(`document.querySelectorAll('#library .library-item').length === 3 && document.querySelectorAll('#items .film-item').length === 1`, 10*time.Second, "the builder")
	buildFilm(p)
	p.shootAt(dir, "film-builder", 1280, 800)
	p.checkAxe("film builder at 1280 px")
	p.shootAt(dir, "film-builder", 768, 1024)
	p.checkAxe("film builder at 768 px")
	p.shootAt(dir, "film-builder", 360, 740)
	p.wantNoSidewaysScroll("film builder")
	run(p, "resize", chromedp.EmulateViewport(1280, 800))
	renderFilm(p)
	p.shootAt(dir, "film-builder-rendered", 1280, 800)

	p.press(`a[href="` + filmPath + `/review"]`)
	p.waitJS(`document.getElementById('review-count').textContent.startsWith('Moment 1 of 4')`, 10*time.Second, "the shared review")
	reviewFilm(p, dir)

	p.open("/cases/" + caseID)
	p.waitJS(`!!document.querySelector('#films-card .film-words')`, 10*time.Second, "the films card on the case page")
	p.wantText("#films-card", "Playing with the blocks", "I waited and she showed me the block", "Wait a little longer at bath time")
	run(p, "scroll to the films", chromedp.ScrollIntoView(chromedp.CSS("#films-card")))
	p.shootAt(dir, "case-films-card", 1280, 800)
	p.checkAxe("case page with films")
}

// markMoments marks two clips and takes a still, as the workspace would.
func markMoments(t *testing.T, in *apptest.Instance, a accounts.Actor, rec string) {
	t.Helper()
	ctx := context.Background()
	for _, c := range []struct {
		from, to int
		title    string
	}{{25, 74, "Waiting for her"}, {125, 174, "Taking turns"}} {
		from, to, title := c.from, c.to, c.title
		if _, err := in.Deps.Analysis.CreateClip(ctx, a, rec, analysis.ClipInput{StartFrame: &from, EndFrame: &to, Title: &title}); err != nil {
			t.Fatal(err)
		}
	}
	frame := 100
	st, err := in.Deps.Analysis.CreateStill(ctx, a, rec, &frame, "She looks up at you")
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if s, err := in.Deps.Analysis.Still(ctx, a, st.ID); err == nil && s.Status == domain.StillReady {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("the still isn't ready after 30 s: %v %v", s, err)
		}
	}
}

// buildFilm adds both clips and the still, words for the title card, a
// caption and half speed on the first clip, drags the still up and back,
// and moves it up by Alt+↑ and back down with its Down button.
func buildFilm(p *tab) {
	p.t.Helper()
	for i := 1; i <= 3; i++ {
		run(p, "add", chromedp.Click(chromedp.CSS(`#library .library-item:nth-child(`+string(rune('0'+i))+`) button`), chromedp.NodeVisible))
	}
	p.waitJS(`document.querySelectorAll('#items .film-item').length === 4`, 5*time.Second, "four items")
	eval[bool](p, `(document.getElementById('item-0-text').value = '') === ''`)
	run(p, "title card", chromedp.SendKeys(chromedp.CSS("#item-0-text"), "Maya and Leo, playing"))
	run(p, "caption", chromedp.SendKeys(chromedp.CSS("#item-1-caption"), "You waited, and he showed you the block"))
	eval[bool](p, `(s => { s.value = '0.5'; s.dispatchEvent(new Event('change', {bubbles: true})); return true })(document.getElementById('item-1-speed'))`)
	if got := dragItem(p, 3, 1); got != "title,still,clip,clip" {
		p.t.Fatalf("dragging the still onto item 2: order %s", got)
	}
	if got := dragItem(p, 1, 3); got != "title,clip,clip,still" {
		p.t.Fatalf("dragging the still back to the end: order %s", got)
	}
	run(p, "focus the still", chromedp.Focus(chromedp.CSS("#item-3-caption")))
	run(p, "Alt+Up", chromedp.KeyEvent(kb.ArrowUp, chromedp.KeyModifiers(kb.ModifierAlt)))
	if k := eval[string](p, `document.querySelectorAll('#items .film-item')[2].dataset.kind`); k != "still" {
		p.t.Fatalf("Alt+↑ on the still: item 3 is a %s", k)
	}
	if id := eval[string](p, `document.activeElement.id`); id != "item-2-caption" {
		p.t.Errorf("after Alt+↑ the focus is on %q, want the moved item's caption", id)
	}
	run(p, "Down", chromedp.Click(chromedp.CSS(`#items .film-item:nth-child(3) .item-move-down`)))
	p.waitJS(`[...document.querySelectorAll('#items .film-item')].map(e => e.dataset.kind).join() === 'title,clip,clip,still'`, 2*time.Second, "the still back at the end")
	p.waitJS(`document.getElementById('save-status').textContent === 'Saved.'`, 10*time.Second, "the film to be saved")
}

// dragItem drags item from by its head and drops it on item to, as the
// browser's drag and drop does, and returns the kinds in their new order.
func dragItem(p *tab, from, to int) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`(() => {
	  const items = () => document.querySelectorAll('#items .film-item'), dt = new DataTransfer();
	  items()[%d].querySelector('.item-head').dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));
	  items()[%d].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
	  return [...items()].map(e => e.dataset.kind).join();
	})()`, from, to))
}

// renderFilm renders the film, watching the progress bar move, and waits
// for the film to play.
func renderFilm(p *tab) {
	p.t.Helper()
	run(p, "render", chromedp.Click(chromedp.CSS("#render"), chromedp.NodeVisible))
	p.waitJS(`!document.getElementById('render-progress').hidden || document.getElementById('render-status').textContent.startsWith('Ready')`, 10*time.Second, "the render to start")
	p.waitJS(`document.getElementById('render-status').textContent.startsWith('Ready to watch')`, 3*time.Minute, "the render to finish")
	p.waitJS(`document.getElementById('film-video').readyState >= 1 && document.getElementById('film-video').duration > 5`, 20*time.Second, "the film to load")
	if got := p.text("#render-status"); got != "Ready to watch." {
		p.t.Errorf("render status %q, want just \"Ready to watch.\" (a first render keeps nothing from before)", got)
	}
}

// reviewFilm steps through the review: the title card, then the first clip
// with the parent's words, slow motion and replay, then the end screen.
func reviewFilm(p *tab, dir string) {
	p.t.Helper()
	p.wantText("#stage", "Maya and Leo, playing")
	run(p, "next", chromedp.Click(chromedp.CSS("#next")))
	p.waitJS(`!!document.querySelector('#stage video')`, 5*time.Second, "the first clip")
	p.wantText("#review-caption", "You waited, and he showed you the block")
	run(p, "slow motion", chromedp.Click(chromedp.CSS("#slow")))
	run(p, "replay", chromedp.Click(chromedp.CSS("#replay")))
	p.waitJS(`(v => v.playbackRate === 0.25)(document.querySelector('#stage video'))`, 5*time.Second, "slow motion at a quarter speed")
	run(p, "prompt", chromedp.Click(chromedp.CSS("#prompts li:first-child button")))
	run(p, "words", chromedp.SendKeys(chromedp.CSS("#words"), "I waited and she showed me the block"))
	p.waitJS(`document.getElementById('words-saved').textContent === 'Saved.'`, 10*time.Second, "the parent's words to be saved")
	p.shootAt(dir, "film-review", 1280, 800)
	p.checkAxe("shared review at 1280 px")
	p.shootAt(dir, "film-review", 768, 1024)
	p.checkAxe("shared review at 768 px")
	run(p, "hide notes", chromedp.Click(chromedp.CSS("#toggle-pane")))
	p.shootAt(dir, "film-review-no-notes", 1280, 800)
	run(p, "show notes", chromedp.Click(chromedp.CSS("#toggle-pane")))
	for i := 0; i < 3; i++ {
		run(p, "next", chromedp.Click(chromedp.CSS("#next")))
	}
	p.waitJS(`!document.getElementById('review-end').hidden`, 5*time.Second, "the end screen")
	run(p, "next steps", chromedp.SendKeys(chromedp.CSS("#next-steps"), "Wait a little longer at bath time"))
	p.waitJS(`document.getElementById('next-saved').textContent.startsWith('Saved')`, 10*time.Second, "the next steps to be saved")
	p.shootAt(dir, "film-review-end", 768, 1024)
	p.checkAxe("shared review end at 768 px")
	run(p, "resize", chromedp.EmulateViewport(1280, 800))
}
