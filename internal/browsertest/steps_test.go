package browsertest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// paintedJS follows every frame the video presents, as the player does, and
// keeps the last one's mediaTime (in seconds) for the test to read.
const paintedJS = `(() => { const v = document.getElementById('ws-video');
  const on = (now, meta) => { window.attunePainted = meta.mediaTime; v.requestVideoFrameCallback(on); };
  v.requestVideoFrameCallback(on); return true; })()`

type stepState struct {
	Readout string  `json:"readout"`
	Current float64 `json:"current"`
	Painted float64 `json:"painted"`
}

// TestThousandSteps presses . and , 1,000 times in a seeded random mix and,
// every 50 presses, checks that the readout names the frame expected and
// that the server's frame table puts both the painted frame's mediaTime and
// the video's currentTime on that same frame.
func TestThousandSteps(t *testing.T) {
	t.Parallel()
	p, film, path := workspaceAt(t)
	pts := apiJSON[struct {
		PtsMs []float64 `json:"pts_ms"`
	}](p, "/api/v1/recordings/"+recordingID(path)+"/frames").PtsMs
	if len(pts) != 250 {
		t.Fatalf("the frame table has %d frames, want 250", len(pts))
	}
	p.settled(0)
	eval[bool](p, paintedJS)
	rng := rand.New(rand.NewPCG(4, 1000))
	want := 0
	for press := 1; press <= 1000; press++ {
		key, d := ".", 1
		if rng.IntN(100) < 45 {
			key, d = ",", -1
		}
		want = max(0, min(len(pts)-1, want+d))
		p.keys(key)
		if press%50 == 0 {
			p.settled(want)
			checkStep(t, p, pts, press, want)
		}
	}
	wantPicture(t, "the picture after 1,000 steps", p.painted(), film, want)
}

// checkStep compares the readout with the frame table at one checkpoint.
func checkStep(t *testing.T, p *tab, pts []float64, press, want int) {
	t.Helper()
	s := eval[stepState](p, `({readout: document.getElementById('ws-frame').textContent,
	  current: document.getElementById('ws-video').currentTime, painted: window.attunePainted ?? -1})`)
	byPaint, byTime := nearestFrame(pts, s.Painted*1000), frameHolding(pts, s.Current*1000)
	if s.Readout != fmt.Sprint(want) || byPaint != want || byTime != want {
		t.Errorf("after %d presses, want frame %d: the readout says %s, the painted frame (mediaTime %.4f s) is frame %d, currentTime %.4f s is in frame %d",
			press, want, s.Readout, s.Painted, byPaint, s.Current, byTime)
	}
	if math.Abs(s.Painted*1000-pts[want]) > 1 {
		t.Errorf("after %d presses the painted mediaTime %.4f s is not frame %d's time %.3f ms", press, s.Painted, want, pts[want])
	}
}

// nearestFrame is the frame whose time in the table is nearest ms.
func nearestFrame(pts []float64, ms float64) int {
	best := 0
	for i, v := range pts {
		if math.Abs(v-ms) < math.Abs(pts[best]-ms) {
			best = i
		}
	}
	return best
}

// frameHolding is the last frame whose time is at or before ms: the frame
// on screen at that time.
func frameHolding(pts []float64, ms float64) int {
	n := 0
	for i, v := range pts {
		if v <= ms+0.001 {
			n = i
		}
	}
	return n
}
