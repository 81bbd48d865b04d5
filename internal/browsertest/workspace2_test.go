package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/lifecycle"
)

type wsMoment struct {
	ID            string `json:"id"`
	Code          string `json:"code"`
	StartFrame    int    `json:"start_frame"`
	Note          string `json:"note"`
	GoalID        string `json:"goal_id"`
	ParticipantID string `json:"participant_id"`
}

type wsClipFull struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	StartFrame   int      `json:"start_frame"`
	EndFrame     int      `json:"end_frame"`
	WorkingPoint bool     `json:"working_point"`
	Position     int      `json:"position"`
	Codes        []string `json:"codes"`
}

// setSelect chooses a value in a <select> as a person's choice does: the
// value, then the change event.
func (p *tab) setSelect(sel, value string) {
	p.t.Helper()
	eval[bool](p, `(s => { s.value = `+jsString(value)+`; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value === `+jsString(value)+`; })(document.querySelector(`+jsString(sel)+`))`)
}

// settledSaves waits until every change of the page has reached the server.
func (p *tab) settledSaves(what string) {
	p.t.Helper()
	p.waitJS(`window.attuneWorkspace.store.queue.length === 0 && document.getElementById('ws-sync').dataset.state === 'saved'`, 15*time.Second, what)
}

// TestWorkspaceEditing edits a moment's note and goal, filters by goal,
// renames, flags, trims (buttons and keys) and reorders clips, downloads the
// coding in three formats and imports a CSV, undoes and redoes a moment,
// and sees a moment coded in one tab appear in a second; then looks at the
// page with the editor open and on a phone.
func TestWorkspaceEditing(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "wren@example.org", domain.RolePractitioner, false)
	caseID := filmingCase(t, in, u)
	var goals []string
	for _, q := range []string{"How can I help Leo feel safe at bedtime?", "How can we enjoy playing together?"} {
		g, err := in.Deps.Lifecycle.AddGoal(context.Background(), actor(u), caseID, lifecycle.GoalInput{HelpingQuestion: q, Now: 3, Hoped: 8})
		if err != nil {
			t.Fatal(err)
		}
		goals = append(goals, g.ID)
	}
	film := makeFilm(t, "edit-time.mp4", stepFilm...)
	b := newBrowser(t, in.URL)
	p := b.person(t)
	p.enterPassword("wren@example.org")
	p.wantPath("/")
	p.open("/cases/" + caseID)
	p.choose(film)
	watch := p.waitReady("edit-time.mp4", 60*time.Second)
	path := watch + "/workspace"
	p.open(path)
	p.waitWorkspace()
	rec := recordingID(path)
	checkScripts := p.scriptErrors()
	p.waitJS(`document.querySelectorAll('#ws-filter-goal option').length === 3`, 10*time.Second, "the family's goals")

	// Two moments: receiving initiatives (3) at frame 20, attentive (1) at 40.
	p.settled(0)
	p.keys(strings.Repeat(".", 20))
	p.settled(20)
	p.keys("3")
	p.keys(strings.Repeat(".", 20))
	p.settled(40)
	p.keys("1")
	p.waitJS(`document.querySelectorAll('#ws-moments .ws-moment:not(.ws-pending)').length === 2`, 10*time.Second, "two moments saved")

	// Select the first and give it a note and a goal.
	p.click(`#ws-moments li:first-child .ws-jump`)
	p.waitJS(`!document.getElementById('ws-edit').hidden && document.activeElement.id === 'ws-edit-code'`, 5*time.Second, "the moment's editor")
	p.fill("#ws-edit-note", "Leo points at the train; Maya names it.")
	p.setSelect("#ws-edit-goal", goals[1])
	p.setSelect("#ws-edit-who", eval[string](p, `document.querySelectorAll('#ws-edit-who option')[2].value`))
	shots := screenshotDir(t)
	// What a person sees at 1280×800 with the editor open (the side panel
	// scrolls on its own, so this is the viewport, not the full page).
	run(p, "resize", chromedp.EmulateViewport(1280, 800))
	eval[bool](p, `(document.getElementById('ws-edit').scrollIntoView({block: 'nearest'}), true)`)
	run(p, "settle", chromedp.Sleep(300*time.Millisecond))
	if err := os.WriteFile(filepath.Join(shots, "workspace-editor-1280.png"), run(p, "screenshot the editor", chromedp.CaptureScreenshot()), 0o644); err != nil {
		t.Fatal(err)
	}
	p.checkAxe("workspace with the moment editor at 1280 px")
	p.click(`#ws-edit button[type="submit"]`)
	p.settledSaves("the moment's note and goal to be saved")
	an := apiJSON[struct{ Annotations []wsMoment }](p, "/api/v1/recordings/"+rec+"/annotations").Annotations
	if len(an) != 2 || an[0].StartFrame != 20 || an[0].Note != "Leo points at the train; Maya names it." || an[0].GoalID != goals[1] || an[0].ParticipantID == "" {
		t.Errorf("after editing the moment at frame 20 the server has %+v, want its note, goal %s and a participant", an, goals[1])
	}
	p.waitText("#ws-moments li:first-child", "Leo points at the train")
	p.waitText("#ws-moments li:first-child", "goal: How can we enjoy playing together?")

	// The goal filter shows only the moment linked to that goal.
	p.setSelect("#ws-filter-goal", goals[1])
	if n := p.count("#ws-moments .ws-moment"); n != 1 {
		t.Errorf("filtered by the second goal the list shows %d moments, want 1", n)
	}
	p.setSelect("#ws-filter-goal", goals[0])
	p.waitText("#ws-moments", "Nothing coded with that yet")
	p.setSelect("#ws-filter-goal", "")
	if n := p.count("#ws-moments .ws-moment"); n != 2 {
		t.Errorf("with no goal chosen the list shows %d moments, want 2", n)
	}

	// Two clips, 40–45 and 50–55 (choosing the moment showed frame 20).
	p.settled(20)
	p.keys(strings.Repeat(".", 20))
	p.settled(40)
	p.keys("i")
	p.keys(strings.Repeat(".", 5))
	p.settled(45)
	p.keys("o")
	p.keys(strings.Repeat(".", 5))
	p.settled(50)
	p.keys("i")
	p.keys(strings.Repeat(".", 5))
	p.settled(55)
	p.keys("o")
	p.waitJS(`document.querySelectorAll('#ws-clips .ws-clip:not(.ws-pending)').length === 2`, 10*time.Second, "two clips saved")
	p.settledSaves("the clips")

	// Rename and flag the first; trim its in-point back a frame with the
	// button and its out-point forward a frame with the keys.
	p.click(`#ws-clips li:first-child .ws-jump`)
	p.waitJS(`!document.getElementById('ws-clip-edit').hidden`, 5*time.Second, "the clip's editor")
	p.fill("#ws-clip-title", "Leo shows the train")
	p.fill("#ws-clip-caption", "Maya follows his look.")
	p.click("#ws-clip-wp")
	p.click(`#ws-clip-edit button[type="submit"]`)
	p.click(`#ws-clip-edit button[data-trim="in"][data-by="-1"]`)
	p.settled(39)
	run(p, "focus the timeline", chromedp.Focus(chromedp.CSS("#ws-canvas")))
	p.keys("/", chromedp.KeyModifiers(chromedp.ModifierAlt))
	p.keys(".", chromedp.KeyModifiers(chromedp.ModifierAlt))
	p.settled(46)
	p.wantText("#ws-clip-out", "46")
	p.settledSaves("the clip's title and trim")
	clips := apiJSON[struct{ Clips []wsClipFull }](p, "/api/v1/recordings/"+rec+"/clips").Clips
	if len(clips) != 2 || clips[0].Title != "Leo shows the train" || !clips[0].WorkingPoint || clips[0].StartFrame != 39 || clips[0].EndFrame != 46 {
		t.Errorf("after renaming, flagging and trimming the first clip the server has %+v, want it titled, a working point, from 39 to 46", clips)
	}
	// The key overlay lists the trim keys.
	if got := eval[string](p, `document.querySelector('#ws-keys tr[data-binding="trimBack"] kbd').textContent`); got != "Alt + ," {
		t.Errorf("the key overlay lists %q for trimming back, want Alt + ,", got)
	}

	// Replay loops between the clip's frames.
	p.click("#ws-clip-play")
	p.waitJS(`(w => w.player.loop && w.player.loop[0] === 39 && w.player.loop[1] === 46)(window.attuneWorkspace)`, 5*time.Second, "the clip to loop")
	p.click("#ws-clip-play")

	// Move the first clip down: the other comes first.
	p.click(`#ws-clips li:first-child button[aria-label^="Move the clip Leo shows the train down"]`)
	p.settledSaves("the clips' new order")
	clips = apiJSON[struct{ Clips []wsClipFull }](p, "/api/v1/recordings/"+rec+"/clips").Clips
	if len(clips) != 2 || clips[0].StartFrame != 50 || clips[1].Title != "Leo shows the train" {
		t.Errorf("after moving the first clip down the server has %+v, want the clip from 50 first", clips)
	}
	p.waitText("#ws-clips li:first-child", "00:02.000–")
	p.click("#ws-clip-close")

	// The downloads answer with their formats.
	for ext, want := range map[string]string{"csv": "text/csv", "vtt": "text/vtt", "eaf": "application/xml"} {
		sel := fmt.Sprintf(`.ws-exports a[href$="annotations.%s"]`, ext)
		got := eval[string](p, `fetch(document.querySelector(`+jsString(sel)+`).href, {credentials: 'same-origin'}).then(r => r.status + ' ' + r.headers.get('Content-Type'))`, chromedp.EvalAwaitPromise)
		if !strings.HasPrefix(got, "200 "+want) {
			t.Errorf("the %s download answers %q, want 200 %s", ext, got, want)
		}
	}

	// Import (under "Export or import the coding"): a bad file names its
	// line and adds nothing; a good one adds.
	p.click(".ws-more summary")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(bad, []byte("code,start_frame,end_frame\nreceiving-initiatives,60,60\nno-such-code,70,70\n"), 0o644)
	os.WriteFile(good, []byte("code,start_frame,end_frame\nreceiving-initiatives,60,60\nreceiving-initiatives,70,75\n"), 0o644)
	run(p, "choose bad.csv", chromedp.SetUploadFiles(chromedp.CSS("#ws-import"), []string{bad}))
	p.waitJS(`document.getElementById('ws-import-result').dataset.state === 'error'`, 10*time.Second, "the import's error")
	if got := p.text("#ws-import-result"); !strings.Contains(got, "Nothing was imported") || !strings.Contains(got, "Line 3") {
		t.Errorf("a CSV with a bad code on line 3 says %q, want nothing imported and its line", got)
	}
	run(p, "choose good.csv", chromedp.SetUploadFiles(chromedp.CSS("#ws-import"), []string{good}))
	p.waitJS(`document.getElementById('ws-import-result').dataset.state === 'done'`, 10*time.Second, "the import")
	p.wantText("#ws-import-result", "2 moments added")
	p.waitJS(`document.querySelectorAll('#ws-moments .ws-moment').length === 4`, 5*time.Second, "the imported moments in the list")

	// A second tab on the same film sees a moment coded in the first.
	q := b.person(t)
	q.enterPassword("wren@example.org")
	q.open(path)
	q.waitWorkspace()
	q.waitJS(`document.querySelectorAll('#ws-moments .ws-moment').length === 4`, 5*time.Second, "the coding in the second tab")
	eval[bool](p, `(window.attuneWorkspace.player.seek(46), true)`)
	p.settled(46)
	p.keys("2")
	p.settledSaves("the moment at 46")
	start := time.Now()
	q.waitJS(`document.querySelectorAll('#ws-moments .ws-moment').length === 5`, 6*time.Second, "the first tab's moment in the second")
	t.Logf("a moment coded in one tab showed in the other after %s", time.Since(start).Round(time.Millisecond))

	// Undo takes the moment away on the server; redo brings it back.
	run(p, "focus the timeline", chromedp.Focus(chromedp.CSS("#ws-canvas")))
	p.keys("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	p.settledSaves("the undo")
	if n := len(apiJSON[struct{ Annotations []wsMoment }](p, "/api/v1/recordings/"+rec+"/annotations").Annotations); n != 4 {
		t.Errorf("after undo the server has %d moments, want 4", n)
	}
	q.waitJS(`document.querySelectorAll('#ws-moments .ws-moment').length === 4`, 6*time.Second, "the undo in the second tab")
	p.keys("z", chromedp.KeyModifiers(chromedp.ModifierCtrl, chromedp.ModifierShift))
	p.settledSaves("the redo")
	an = apiJSON[struct{ Annotations []wsMoment }](p, "/api/v1/recordings/"+rec+"/annotations").Annotations
	found := false
	for _, a := range an {
		found = found || a.StartFrame == 46
	}
	if len(an) != 5 || !found {
		t.Errorf("after redo the server has %+v, want 5 moments, one at frame 46", an)
	}
	clipsAcrossTabs(t, p, q, rec)
	checkScripts()

	// On a phone: the player, the step buttons and the codes usable.
	p.shootAt(shots, "workspace", 360, 740)
	p.checkAxe("workspace at 360 px")
	p.wantNoSidewaysScroll("workspace")
	for _, sel := range []string{`#ws-video`, `button[data-action="frameBack"]`, `button[data-action="frameFwd"]`, `#ws-play`, `#ws-codes .ws-code`} {
		ok := eval[bool](p, `(e => { const r = e.getBoundingClientRect(); return r.width >= 40 && r.height >= 40 && r.left >= 0 && r.right <= innerWidth; })(document.querySelector(`+jsString(sel)+`))`)
		if !ok {
			t.Errorf("at 360 px %s is too small or off the screen", sel)
		}
	}
}
