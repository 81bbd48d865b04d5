package browsertest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// clipEdge is where, in page pixels, the whole-film timeline draws one edge
// ("in" or "out") of the clip that starts at frame start, and how wide a
// frame is there.
type clipEdge struct {
	X, Y, Px float64
}

func (p *tab) clipEdgeAt(start int, edge string) clipEdge {
	p.t.Helper()
	return eval[clipEdge](p, fmt.Sprintf(`(() => { const w = window.attuneWorkspace, t = w.timeline; t.all();
	  const c = [...w.store.clips.values()].find((c) => c.start_frame === %d);
	  const r = t.c.getBoundingClientRect();
	  const ex = %q === 'in' ? t.xOf(c.start_frame) : t.xOf(c.end_frame + 1);
	  return {x: r.left + ex, y: r.top + t.clipsY + 9, px: t.width / t.span}; })()`, start, edge))
}

// dragMouse presses at (x0, y), moves to x1 in steps and lets go.
func (p *tab) dragMouse(x0, y, x1 float64) {
	p.t.Helper()
	run(p, "press on the timeline", chromedp.MouseEvent(chromedp.MousePressed, x0, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	for i := 1; i <= 5; i++ {
		run(p, "drag on the timeline", chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*float64(i)/5, y, chromedp.ButtonLeft))
	}
	run(p, "let go on the timeline", chromedp.MouseEvent(chromedp.MouseReleased, x1, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
}

// clipsAcrossTabs drags a clip's in-point on the timeline, ticks a code in
// the clip editor, and moves a clip then undoes the move; the server has
// each change and the second tab q follows each without a reload.
func clipsAcrossTabs(t *testing.T, p, q *tab, rec string) {
	t.Helper()
	clips := func() []wsClipFull {
		return apiJSON[struct{ Clips []wsClipFull }](p, "/api/v1/recordings/"+rec+"/clips").Clips
	}
	// With one scheme there is nothing to choose; with more (the guider's
	// side is a second), the chooser shows, locked once the film is coded.
	chooser := eval[struct{ Schemes, Shown, Locked bool }](p, `fetch('/api/v1/schemes').then(r => r.json()).then(j => {
	  const box = document.getElementById('ws-scheme-box');
	  return {schemes: j.schemes.length > 1, shown: box.getBoundingClientRect().height > 0, locked: document.getElementById('ws-scheme').disabled}; })`,
		chromedp.EvalAwaitPromise)
	if chooser.Shown != chooser.Schemes || (chooser.Shown && !chooser.Locked) {
		t.Errorf("the scheme chooser: %+v; want it shown only when there is a choice, and locked on a coded film", chooser)
	}

	// Drag the in-point of the clip from frame 50 back to frame 48.
	e := p.clipEdgeAt(50, "in")
	p.dragMouse(e.X, e.Y, e.X-2*e.Px+e.Px/2)
	p.settledSaves("the dragged in-point")
	if c := clips(); len(c) != 2 || c[0].StartFrame != 48 || c[0].EndFrame != 55 {
		t.Errorf("after dragging the in-point of the clip from 50 two frames back the server has %+v, want it from 48 to 55", c)
	}
	q.waitJS(`[...window.attuneWorkspace.store.clips.values()].some((c) => c.start_frame === 48)`, 8*time.Second, "the dragged clip in the second tab")
	q.waitText("#ws-clips li:first-child", "00:01.920–")

	// Tick a code the clip shows.
	p.click(`#ws-clips li:last-child .ws-jump`)
	p.waitJS(`!document.getElementById('ws-clip-edit').hidden && document.querySelectorAll('#ws-clip-codes input').length >= 6`, 5*time.Second, "the clip's codes to tick")
	p.click(`#ws-clip-codes input[value="receiving-initiatives"]`)
	p.click(`#ws-clip-edit button[type="submit"]`)
	p.settledSaves("the clip's code")
	if c := clips(); len(c) != 2 || !slices.Equal(c[1].Codes, []string{"receiving-initiatives"}) {
		t.Errorf("after ticking Receiving initiatives on the second clip the server has %+v", c)
	}
	p.waitText("#ws-clips li:last-child", "Receiving initiatives")
	p.click("#ws-clip-close")

	// Move the first clip down, then undo: the order comes back, here, on
	// the server and in the second tab.
	p.click(`#ws-clips li:first-child button[aria-label$=" down"]`)
	p.settledSaves("the move")
	if c := clips(); len(c) != 2 || c[0].StartFrame != 39 {
		t.Errorf("after moving the clip from 48 down the server has %+v, want the clip from 39 first", c)
	}
	q.waitJS(`document.querySelector('#ws-clips li:first-child').textContent.includes('00:01.560–')`, 8*time.Second, "the new order in the second tab")
	run(p, "focus the timeline", chromedp.Focus(chromedp.CSS("#ws-canvas")))
	p.keys("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	p.settledSaves("undoing the move")
	if c := clips(); len(c) != 2 || c[0].StartFrame != 48 {
		t.Errorf("after undoing the move the server has %+v, want the clip from 48 first again", c)
	}
	q.waitJS(`document.querySelector('#ws-clips li:first-child').textContent.includes('00:01.920–')`, 8*time.Second, "the undone order in the second tab")
}

// TestWorkspaceScheme chooses another coding scheme for a film before its
// first moment: the palette and the keys become that scheme's, a moment is
// coded with it, and then the choice is locked.
func TestWorkspaceScheme(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "rowan@example.org", domain.RolePractitioner, false)
	admin, _ := in.User(t, "admin@example.org", domain.RoleAdmin, false)
	sc, err := in.Deps.Analysis.CreateScheme(context.Background(), actor(admin), "Guider's side",
		[]domain.Code{{Code: "guider-attuned", Label: "Guider attuned", Colour: "#1f5fa8", Key: "g"}})
	if err != nil {
		t.Fatal(err)
	}
	caseID := filmingCase(t, in, u)
	film := makeFilm(t, "scheme.mp4", stepFilm...)
	b := newBrowser(t, in.URL)
	p := b.person(t)
	p.enterPassword("rowan@example.org")
	p.wantPath("/")
	p.open("/cases/" + caseID)
	p.choose(film)
	path := p.waitReady("scheme.mp4", 60*time.Second) + "/workspace"
	p.open(path)
	p.waitWorkspace()
	p.waitJS(`!document.getElementById('ws-scheme-box').hidden && !document.getElementById('ws-scheme').disabled`, 10*time.Second, "the scheme chooser")
	p.setSelect("#ws-scheme", sc.ID)
	p.waitThroughReload(`document.getElementById('ws').dataset.scheme === `+jsString(sc.ID)+` && document.getElementById('ws').dataset.ready === 'true'`, 20*time.Second, "the workspace with the new scheme")
	p.wantText("#ws-codes", "Guider attuned")
	p.settled(0)
	p.keys("..")
	p.settled(2)
	p.keys("g")
	p.settledSaves("the moment coded with the chosen scheme")
	an := apiJSON[struct{ Annotations []wsMoment }](p, "/api/v1/recordings/"+recordingID(path)+"/annotations").Annotations
	if len(an) != 1 || an[0].Code != "guider-attuned" || an[0].StartFrame != 2 {
		t.Errorf("after pressing g at frame 2 the server has %+v, want one guider-attuned moment", an)
	}
	p.waitJS(`document.getElementById('ws-scheme').disabled`, 5*time.Second, "the scheme chooser to lock")
	p.wantText("#ws-scheme-hint", "can't change")
}

// waitThroughReload is waitJS for a condition that holds only after the
// page reloads itself: an evaluation cut off by the navigation is retried.
func (p *tab) waitThroughReload(cond string, within time.Duration, what string) {
	p.t.Helper()
	end := time.Now().Add(within)
	for time.Now().Before(end) {
		if ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("waited %s for %s; the workspace says %q", within, what, p.textNow("#ws-sync"))
}

// waitText waits until the element's text holds want: for lists the
// workspace draws again whenever something changes (a read could catch a
// node just replaced).
func (p *tab) waitText(sel, want string) {
	p.t.Helper()
	p.waitJS(`(e => !!e && e.textContent.includes(`+jsString(want)+`))(document.querySelector(`+jsString(sel)+`))`, 8*time.Second,
		fmt.Sprintf("%q in %s (now %q)", want, sel, p.textNow(sel)))
}
