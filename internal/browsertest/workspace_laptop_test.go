package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// box is an element's place on the screen, in CSS pixels.
type box struct {
	Sel                      string
	Found                    bool
	Top, Left, Bottom, Right float64
}

// boxes measures each selector's first element.
func (p *tab) boxes(sels ...string) []box {
	p.t.Helper()
	list := make([]string, len(sels))
	for i, s := range sels {
		list[i] = jsString(s)
	}
	return eval[[]box](p, `[`+strings.Join(list, ",")+`].map(s => { const e = document.querySelector(s); if (!e) return {Sel: s, Found: false};
	  const r = e.getBoundingClientRect(); return {Sel: s, Found: true, Top: r.top, Left: r.left, Bottom: r.bottom, Right: r.right}; })`)
}

// wantOnScreen fails unless each selector's element is wholly inside a
// w×h screen with the page not scrolled.
func (p *tab) wantOnScreen(w, h float64, sels ...string) {
	p.t.Helper()
	if y := eval[float64](p, `scrollY`); y != 0 {
		p.t.Errorf("the page is scrolled %v px down, want 0", y)
	}
	for _, b := range p.boxes(sels...) {
		if !b.Found || b.Top < 0 || b.Left < 0 || b.Bottom > h || b.Right > w || b.Bottom-b.Top < 1 {
			p.t.Errorf("%s is at %+v, want it wholly on a %v×%v screen without scrolling", b.Sel, b, w, h)
		}
	}
}

// shootScreen saves what the screen shows (no scrolling) at one size.
func (p *tab) shootScreen(dir, name string, w, h int64) {
	p.t.Helper()
	run(p, "resize", chromedp.EmulateViewport(w, h))
	run(p, "settle", chromedp.Sleep(400*time.Millisecond))
	png := run(p, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%dx%d.png", name, w, h)), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// wantToast waits for the brief confirmation over the picture to show text.
func (p *tab) wantToast(text string) {
	p.t.Helper()
	p.waitJS(`(t => t.dataset.on === 'true' && t.textContent.includes(`+jsString(text)+`) && getComputedStyle(t).opacity > 0.5)(document.getElementById('ws-toast'))`,
		5*time.Second, fmt.Sprintf("the confirmation %q (it says %q)", text, p.textNow("#ws-toast")))
}

// TestWorkspaceLaptop is the workspace on a 1366×768 laptop: the player,
// the code buttons, the timeline's lanes and the lists of moments, clips
// and stills all on the screen at once; a clip on one line; the code keys
// working after "Whose initiative" is chosen from the keyboard, and that
// choice going on one code only; a visible confirmation of each code, undo
// and redo; a mark during a burst of seeks going to the frame painted.
// Then the same page on a phone.
func TestWorkspaceLaptop(t *testing.T) {
	t.Parallel()
	p, film, path := workspaceAt(t)
	rec := recordingID(path)
	run(p, "laptop screen", chromedp.EmulateViewport(1366, 768))
	p.settled(0)

	// Something in every list: a clip (I, five frames, O), a still (S).
	p.keys(strings.Repeat(".", 20))
	p.settled(20)
	p.keys("i")
	p.wantToast("In-point at frame 20")
	p.keys(strings.Repeat(".", 5))
	p.settled(25)
	p.keys("o")
	p.wantToast("Clip marked: frames 20 to 25")
	p.keys("s")
	p.waitJS(`!!document.querySelector('#ws-stills .ws-still[data-status="ready"] img')`, 30*time.Second, "the still")

	// "Whose initiative" chosen with the keyboard: focus returns to the
	// player, the code key codes a moment for Maya and says so, and the
	// next code is nobody's until chosen again.
	run(p, "focus whose initiative", chromedp.Focus(chromedp.CSS("#ws-participant")))
	run(p, "choose Maya", chromedp.KeyEvent(kb.ArrowDown))
	p.waitJS(`document.activeElement && document.activeElement.id === 'ws-screen'`, 5*time.Second, "the focus back on the player after choosing")
	p.wantToast("The next code goes to Maya")
	p.keys("3")
	p.wantToast("Coded “Receiving initiatives” · Maya at frame 25")
	if v := eval[string](p, `document.getElementById('ws-participant').value`); v != "" {
		t.Errorf("after one code, whose initiative still says %q, want it back to Not said", v)
	}
	p.keys(".")
	p.settled(26)
	p.keys("1")
	p.wantToast("Coded “Being attentive” at frame 26")
	p.settledSaves("the two moments")
	type who struct {
		Code          string `json:"code"`
		StartFrame    int    `json:"start_frame"`
		ParticipantID string `json:"participant_id"`
	}
	an := apiJSON[struct{ Annotations []who }](p, "/api/v1/recordings/"+rec+"/annotations").Annotations
	maya := eval[string](p, `[...document.getElementById('ws-participant').options].find(o => o.textContent === 'Maya').value`)
	if len(an) != 2 || an[0].StartFrame != 25 || an[0].ParticipantID != maya || an[1].StartFrame != 26 || an[1].ParticipantID != "" {
		t.Errorf("the server has %+v, want receiving-initiatives at 25 for Maya (%s) and being-attentive at 26 for nobody", an, maya)
	}

	// Undo and redo say what they did.
	p.keys("z", chromedp.KeyModifiers(2)) // Ctrl
	p.wantToast("Undone: code a moment")
	p.keys("z", chromedp.KeyModifiers(2|8)) // Ctrl+Shift
	p.wantToast("Done again: code a moment")
	p.settledSaves("the redone moment")

	// All at once on the screen, no page scrolling.
	p.wantOnScreen(1366, 768, "#ws-video", `.ws-code[data-code="being-attentive"]`, `.ws-code[data-code="deepening-discussion"]`,
		"#ws-canvas", "#ws-moments li", "#ws-clips li", "#ws-stills li", ".ws-transport")
	// The clip reads on one line, as wide as the list.
	clip := eval[struct{ Lines, Width float64 }](p, `(b => { const r = document.createRange(); r.selectNodeContents(b);
	  const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top))); return {Lines: tops.size, Width: b.getBoundingClientRect().width}; })(document.querySelector('#ws-clips .ws-jump'))`)
	if clip.Lines != 1 || clip.Width < 250 {
		t.Errorf("the clip's entry is %v px wide on %v lines, want one line at least 250 px wide", clip.Width, clip.Lines)
	}
	p.wantText("#ws-clips", "00:00.800–00:01.000")
	dir := screenshotDir(t)
	p.shootScreen(dir, "workspace-laptop", 1366, 768)
	p.checkAxe("workspace at 1366×768")

	markDuringSeeks(t, p, film, rec)

	// A phone: the player first, nothing wider than the screen.
	p.shootScreen(dir, "workspace-phone", 390, 844)
	run(p, "phone", chromedp.EmulateViewport(390, 844))
	if w := eval[float64](p, `document.scrollingElement.scrollWidth`); w > 390 {
		t.Errorf("on a phone the page is %v px wide, want at most 390", w)
	}
	p.wantOnScreen(390, 844, "#ws-video", ".ws-transport")
	p.checkAxe("workspace at 390×844")
	png := run(p, "full phone page", chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, "workspace-phone-full-390.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// burstMarkJS is one burst of quick seeks (frame steps and one-second
// jumps, as fast as keys repeat), ended by the key of "Encouraging
// initiatives" (2) while the seeks are still on their way. At that key
// press it notes the frame on the screen, by a requestVideoFrameCallback of
// its own, and the frame the readout names; then it waits for the player
// to settle (no seek under way, the frame asked for painted; at most 5 s)
// and notes the frame painted then.
const burstMarkJS = `(async (round) => {
  const v = document.getElementById('ws-video'), w = window.attuneWorkspace, pts = w.player.pts;
  const frameOf = (ms) => { let best = 0; pts.forEach((t, i) => { if (Math.abs(t - ms) < Math.abs(pts[best] - ms)) best = i; }); return best; };
  let seen = w.player.painted, on = true;
  const watch = (now, meta) => { seen = frameOf(meta.mediaTime * 1000); if (on) v.requestVideoFrameCallback(watch); };
  v.requestVideoFrameCallback(watch);
  const press = (key, code) => document.dispatchEvent(new KeyboardEvent('keydown', {key, code, bubbles: true}));
  const keys = [['.', 'Period'], ['.', 'Period'], ['ArrowRight', 'ArrowRight'], [',', 'Comma'], ['.', 'Period'], ['ArrowLeft', 'ArrowLeft']];
  const n = 4 + (round * 5) % 7;
  for (let i = 0; i < n; i++) {
    const [k, c] = keys[(i + round) % keys.length];
    press(k, c);
    await new Promise(ok => setTimeout(ok, (i * 7 + round * 11) % 29));
  }
  const at = {Seen: seen, Readout: Number(document.getElementById('ws-frame').textContent), Seeking: w.player.seeking};
  press('2', 'Digit2');
  const until = performance.now() + 5000; // the picture may come late on a busy machine
  while ((w.player.seeking || w.player.painted !== w.player.target) && performance.now() < until) await new Promise(ok => setTimeout(ok, 5));
  await new Promise(ok => setTimeout(ok, 100));
  on = false;
  return {...at, After: w.player.painted};
})`

// markDuringSeeks: a mark made in a burst of seeks is saved at the frame
// on the screen when its key was pressed (the frame the readout named),
// and the picture stays on that frame: its pixels are ffmpeg's decode of it.
func markDuringSeeks(t *testing.T, p *tab, film, rec string) {
	t.Helper()
	type mark struct {
		Seen, Readout, After int
		Seeking              bool
	}
	var marks []mark
	during := 0
	for round := range 8 {
		m := eval[mark](p, burstMarkJS+fmt.Sprintf("(%d)", round), chromedp.EvalAwaitPromise)
		if m.Seen != m.Readout || m.After != m.Seen {
			t.Errorf("round %d: at the key press the screen showed frame %d and the readout said %d; after it the picture settled on %d", round, m.Seen, m.Readout, m.After)
		}
		if m.Seeking {
			during++
		}
		if m.Seen > 0 && m.Seen < 249 {
			wantPicture(t, fmt.Sprintf("round %d: the picture after the mark", round), p.painted(), film, m.Seen)
		}
		marks = append(marks, m)
	}
	p.settledSaves("the marks made while seeking")
	var got, want []int
	for _, a := range apiJSON[struct{ Annotations []wsAnnotation }](p, "/api/v1/recordings/"+rec+"/annotations").Annotations {
		if a.Code == "encouraging-initiatives" {
			got = append(got, a.StartFrame)
		}
	}
	for _, m := range marks {
		want = append(want, m.Seen)
	}
	slices.Sort(got)
	slices.Sort(want)
	t.Logf("%d marks, %d of them while a seek was under way: saved at %v", len(marks), during, got)
	if !slices.Equal(got, want) {
		t.Errorf("marks made during seeks were saved at frames %v, want the frames on the screen at each key press %v", got, want)
	}
	if during == 0 {
		t.Errorf("no mark was made while a seek was under way: the test did not test the race")
	}
}
