package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// talkFilm is 22 s of 320×240 at 25 frames a second whose sound has three
// exchanges, more than 5 s apart: a high voice (330 Hz, the child) answered
// by a low one (110 Hz, an adult) 0.7 s later, at 1.5 s, 9.5 s and 17.5 s.
var talkFilm = func() []string {
	tone := func(f, a, b string) string {
		return "if(between(t\\," + a + "\\," + b + ")\\,0.3*(sin(2*PI*" + f + "*t)+0.5*sin(4*PI*" + f + "*t)+0.3*sin(6*PI*" + f + "*t))\\,0)"
	}
	sound := strings.Join([]string{tone("330", "1.5", "2.3"), tone("110", "3.0", "4.2"), tone("330", "9.5", "10.3"), tone("110", "11.0", "12.0"),
		tone("330", "17.5", "18.3"), tone("110", "19.0", "20.0")}, "+")
	return []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "aevalsrc=" + sound + ":s=48000",
		"-t", "22", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac"}
}()

type wsSuggestion struct {
	ID         string `json:"id"`
	StartFrame int    `json:"start_frame"`
	EndFrame   int    `json:"end_frame"`
	Label      string `json:"label"`
	State      string `json:"state"`
}

// TestMomentsLane: with the family's consent to analysis, a film's
// suggested moments appear in their lane with the case's names; ] and [
// move between them; A accepts one as a coded moment at its frames; X
// dismisses another; C makes the third a clip; who speaks is drawn in two
// colours; the case page shows the figures, hideable.
func TestMomentsLane(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "wren@example.org", domain.RolePractitioner, false)
	caseID := filmingCase(t, in, u)
	in.Consent(t, actor(u), caseID, domain.PurposeAnalysis)
	film := makeFilm(t, "talk.mp4", talkFilm...)
	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("wren@example.org")
	p.wantPath("/")
	p.open("/cases/" + caseID)
	p.choose(film)
	watch := p.waitReady("talk.mp4", 60*time.Second)
	p.open(watch + "/workspace")
	p.waitWorkspace()
	checkScripts := p.scriptErrors()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelectorAll('#ws-sugg-list li').length === 3`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("no three suggested moments in their lane: it says %q (%v)", p.textNow("#ws-sugg"), err)
	}
	p.wantText("#ws-sugg-h", "Suggested moments")
	p.wantText("#ws-sugg-list", "Leo starts, Maya answers after 0.7 s, 1 turn")
	p.wantText("#ws-sugg-status", "3 suggested moments", "estimate from the sound")
	if n := eval[int](p, `document.querySelectorAll('#ws-who-lane .ws-who-child').length * 10 + document.querySelectorAll('#ws-who-lane .ws-who-adult').length`); n != 33 {
		t.Errorf("the who-speaks strip has %d child and %d adult stretches, want 3 and 3", n/10, n%10)
	}
	// The timeline's sound lane is painted by who speaks: amber (the child)
	// somewhere in it.
	if !eval[bool](p, `(() => { const c = document.getElementById('ws-canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
	  for (let i = 0; i < d.length; i += 4) if (d[i] === 0xf2 && d[i+1] === 0xb8 && d[i+2] === 0x4b) return true; return false; })()`) {
		t.Error("the timeline's sound lane shows no child's colour")
	}
	rec := recordingID(watch + "/workspace")
	sugg := apiJSON[struct{ Suggestions []wsSuggestion }](p, "/api/v1/recordings/"+rec+"/moments").Suggestions
	if len(sugg) != 3 || sugg[0].StartFrame < 10 || sugg[0].StartFrame > 14 || sugg[1].StartFrame < 210 || sugg[1].StartFrame > 214 {
		t.Fatalf("suggestions %+v, want spans from about frame 12 and 212 (a second before each child)", sugg)
	}

	p.keys("]")
	p.settled(sugg[0].StartFrame)
	p.keys("]")
	p.settled(sugg[1].StartFrame)
	p.wantText("#ws-sugg-status", "Suggestion 2 of 3")
	p.keys("[")
	p.settled(sugg[0].StartFrame)

	p.keys("a")
	p.waitJS(`document.activeElement && document.activeElement.id === 'ws-sugg-code'`, 5*time.Second, "the code chooser to take the focus")
	run(p, "accept", chromedp.KeyEvent("\r"))
	p.waitJS(`(li => li && li.dataset.state === 'accepted')(document.querySelector('#ws-sugg-list li'))`, 10*time.Second, "the suggestion to be accepted")
	an := apiJSON[struct{ Annotations []wsAnnotation }](p, "/api/v1/recordings/"+rec+"/annotations").Annotations
	if len(an) != 1 || an[0].Code != "receiving-initiatives" || an[0].StartFrame != sugg[0].StartFrame || an[0].EndFrame != sugg[0].EndFrame {
		t.Fatalf("after accepting, the coding is %+v, want receiving-initiatives at frames %d–%d", an, sugg[0].StartFrame, sugg[0].EndFrame)
	}
	p.waitJS(`document.querySelectorAll('#ws-moments li').length === 1`, 10*time.Second, "the coded moment in the coding list")
	p.wantText("#ws-sugg-status", fmt.Sprintf("from frame %d to %d", sugg[0].StartFrame, sugg[0].EndFrame))

	p.keys("]")
	p.settled(sugg[1].StartFrame)
	p.keys("x")
	p.waitJS(`document.querySelectorAll('#ws-sugg-list li')[1].dataset.state === 'dismissed'`, 10*time.Second, "the second suggestion to be dismissed")
	after := apiJSON[struct{ Suggestions []wsSuggestion }](p, "/api/v1/recordings/"+rec+"/moments").Suggestions
	if after[0].State != "accepted" || after[1].State != "dismissed" {
		t.Errorf("states on the server: %+v", after)
	}
	p.keys("c")
	p.wantText("#ws-sugg-status", "already dismissed")
	p.keys("]")
	p.settled(sugg[2].StartFrame)
	p.keys("c")
	p.waitJS(`document.querySelectorAll('#ws-sugg-list li')[2].dataset.state === 'accepted'`, 10*time.Second, "the third suggestion to become a clip")
	clips := apiJSON[struct{ Clips []wsClip }](p, "/api/v1/recordings/"+rec+"/clips").Clips
	if len(clips) != 1 || clips[0].StartFrame != sugg[2].StartFrame || clips[0].EndFrame != sugg[2].EndFrame {
		t.Errorf("after C, the clips are %+v, want one at frames %d–%d", clips, sugg[2].StartFrame, sugg[2].EndFrame)
	}
	p.wantText("#ws-sugg-status", "Saved as a clip")
	p.checkAxe("workspace with suggested moments")
	dir := screenshotDir(t)
	p.shootAt(dir, "workspace-moments", 1280, 900)
	p.shootAt(dir, "workspace-moments", 320, 900)
	checkScripts()

	// The case page: the figures per film, said to be an estimate, and
	// hidden and shown again by the guider.
	run(p, "resize", chromedp.EmulateViewport(1280, 900))
	p.open("/cases/" + caseID)
	p.waitJS(`!!document.getElementById('h-moments')`, 10*time.Second, "the card of figures from the sound")
	p.wantText("#moments", "Turn-taking heard in the recordings", "An estimate from the recordings' sound", "not a score of the parent", "3 of 3 (100 %)")
	p.checkAxe("case page with the figures from the sound")
	p.shootAt(dir, "case-moments", 1280, 900)
	p.shootAt(dir, "case-moments", 320, 900)
	run(p, "resize", chromedp.EmulateViewport(1280, 900))
	p.press(`#moments button[type="submit"]`)
	p.waitJS(`!!document.getElementById('h-moments')`, 10*time.Second, "the card after hiding it")
	p.wantText("#moments", "Hidden on this case.", "Show the figures from the sound")
	if strings.Contains(p.text("#moments"), "3 of 3") {
		t.Error("hidden figures are still shown")
	}
	p.press(`#moments button[type="submit"]`)
	p.waitJS(`!!document.querySelector('#moments table')`, 10*time.Second, "the figures shown again")
}
