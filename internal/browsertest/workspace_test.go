package browsertest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// stepFilm is 10 seconds of 320×240 at 25 frames a second with sound:
// testsrc2 moves and counts, so neighbouring frames differ, and each frame
// can be told from the ones beside it by its pixels.
var stepFilm = []string{"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
	"-t", "10", "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac"}

// workspaceAt uploads stepFilm through the case page, waits for it to be
// processed, opens it in the workspace from the film page and waits for the
// first frame. It returns the tab, the film on disk and the workspace path.
func workspaceAt(t *testing.T) (*tab, string, string) {
	t.Helper()
	film := makeFilm(t, "play-time.mp4", stepFilm...)
	p, path := workspaceOf(t, film, testTimeout, 60*time.Second)
	return p, film, path
}

// workspaceOf is workspaceAt for a film of the caller's, with the time the
// test may take and the time its processing may take.
func workspaceOf(t *testing.T, film string, total, processing time.Duration) (*tab, string) {
	t.Helper()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "wren@example.org", domain.RolePractitioner, false)
	caseID := filmingCase(t, in, u)
	p := newBrowserWithin(t, in.URL, total).person(t)
	p.enterPassword("wren@example.org")
	p.wantPath("/")
	p.open("/cases/" + caseID)
	p.choose(film)
	watch := p.waitReady(filepath.Base(film), processing)
	p.open(watch)
	p.press(`a[href="` + watch + `/workspace"]`)
	p.wantPath(watch + "/workspace")
	p.waitWorkspace()
	return p, watch + "/workspace"
}

// waitWorkspace waits until the workspace has painted its first frame.
func (p *tab) waitWorkspace() {
	p.t.Helper()
	p.waitJS(`document.getElementById('ws').dataset.ready === 'true'`, 20*time.Second, "the workspace's first frame")
}

// waitJS waits until the JavaScript condition holds.
func (p *tab) waitJS(cond string, within time.Duration, what string) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(within)))
	if err != nil {
		p.t.Fatalf("waited %s for %s: %v; the workspace says %q", within, what, err, p.textNow("#ws-sync"))
	}
}

func (p *tab) textNow(sel string) string {
	s, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(e => e ? e.textContent : '')(document.querySelector(`+jsString(sel)+`))`))
	return s
}

// keys presses each key in turn, as a person does.
func (p *tab) keys(keys string, opts ...chromedp.KeyOption) {
	p.t.Helper()
	for _, k := range keys {
		run(p, "press "+string(k), chromedp.KeyEvent(string(k), opts...))
	}
}

// settled waits until the player has stopped seeking, with frame n painted
// and named in the readout, and returns what the readout says.
func (p *tab) settled(n int) (frame, tc string) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf(`(w => !w.player.seeking && w.player.frame === %d && document.getElementById('ws-frame').textContent === '%d')(window.attuneWorkspace)`, n, n),
		10*time.Second, fmt.Sprintf("frame %d in the player (it shows %s)", n, p.textNow("#ws-frame")))
	return p.text("#ws-frame"), p.text("#ws-tc")
}

// painted is the picture the <video> shows now, drawn onto a canvas.
func (p *tab) painted() image.Image {
	p.t.Helper()
	url := eval[string](p, `(() => { const v = document.getElementById('ws-video'); const c = document.createElement('canvas');
	  c.width = v.videoWidth; c.height = v.videoHeight; c.getContext('2d').drawImage(v, 0, 0); return c.toDataURL('image/png'); })()`)
	return decodeDataURL(p.t, url)
}

func decodeDataURL(t *testing.T, url string) image.Image {
	t.Helper()
	_, b64, _ := strings.Cut(url, ",")
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("decode a data URL: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("decode a PNG: %v", err)
	}
	return img
}

// decodeFrames is ffmpeg's decode of the film's frames numbered (in
// presentation order), as 8-bit RGB.
func decodeFrames(t *testing.T, film string, w, h int, frames ...int) map[int][]byte {
	t.Helper()
	var sel []string
	for _, n := range frames {
		sel = append(sel, fmt.Sprintf("eq(n\\,%d)", n))
	}
	out, err := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", film, "-an",
		"-vf", "select='"+strings.Join(sel, "+")+"'", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").Output()
	if err != nil {
		t.Fatalf("decode frames %v with ffmpeg: %v", frames, err)
	}
	size := w * h * 3
	if len(out) != size*len(frames) {
		t.Fatalf("ffmpeg gave %d bytes for frames %v, want %d", len(out), frames, size*len(frames))
	}
	got := map[int][]byte{}
	for i, n := range sortedInts(frames) {
		got[n] = out[i*size : (i+1)*size]
	}
	return got
}

func sortedInts(ns []int) []int {
	out := slices.Clone(ns)
	slices.Sort(out)
	return out
}

// meanDiff is the mean absolute difference, per channel, of img and rgb.
func meanDiff(img image.Image, rgb []byte) float64 {
	b := img.Bounds()
	var sum float64
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			sum += math.Abs(float64(r>>8)-float64(rgb[i])) + math.Abs(float64(g>>8)-float64(rgb[i+1])) + math.Abs(float64(bl>>8)-float64(rgb[i+2]))
			i += 3
		}
	}
	return sum / float64(i)
}

// wantPicture checks img is frame n of the film: close to ffmpeg's decode
// of n, and closer to it than to the frames either side.
func wantPicture(t *testing.T, what string, img image.Image, film string, n int) {
	t.Helper()
	b := img.Bounds()
	ref := decodeFrames(t, film, b.Dx(), b.Dy(), n-1, n, n+1)
	d := map[int]float64{}
	for f, rgb := range ref {
		d[f] = meanDiff(img, rgb)
	}
	t.Logf("%s: mean difference from ffmpeg's frames %d, %d, %d: %.2f, %.2f, %.2f", what, n-1, n, n+1, d[n-1], d[n], d[n+1])
	if d[n] > 6 || d[n] >= d[n-1] || d[n] >= d[n+1] {
		t.Errorf("%s is not frame %d: mean difference %.2f from it, %.2f from %d, %.2f from %d", what, n, d[n], d[n-1], n-1, d[n+1], n+1)
	}
}

// apiJSON fetches a path of the API with the page's cookie.
func apiJSON[T any](p *tab, path string) T {
	p.t.Helper()
	return eval[T](p, `fetch(`+jsString(path)+`, {credentials: 'same-origin', headers: {Accept: 'application/json'}}).then(r => r.json())`, chromedp.EvalAwaitPromise)
}

type wsAnnotation struct {
	ID         string `json:"id"`
	Code       string `json:"code"`
	StartFrame int    `json:"start_frame"`
	EndFrame   int    `json:"end_frame"`
}

type wsClip struct {
	StartFrame int `json:"start_frame"`
	EndFrame   int `json:"end_frame"`
}

type wsStill struct {
	ID       string `json:"id"`
	Frame    int    `json:"frame"`
	Status   string `json:"status"`
	ImageURL string `json:"image_url"`
}

// recordingID is the recording of a workspace path.
func recordingID(path string) string {
	return strings.TrimSuffix(strings.TrimPrefix(path, "/recordings/"), "/workspace")
}

// TestWorkspace steps through a film frame by frame with the keys and checks
// the picture painted is the frame numbered; codes a moment, marks a clip
// and takes a still with the keys and finds them saved, and still there
// after a reload; remaps a key and uses it; looks at the page.
func TestWorkspace(t *testing.T) {
	t.Parallel()
	p, film, path := workspaceAt(t)
	rec := recordingID(path)
	checkScripts := p.scriptErrors()

	p.settled(0)
	p.keys(strings.Repeat(".", 30))
	frame, tc := p.settled(30)
	if frame != "30" || tc != "00:00:01.200" {
		t.Errorf("after 30 frames forward the readout says frame %s at %s, want 30 at 00:00:01.200", frame, tc)
	}
	wantPicture(t, "the picture after 30 frames forward", p.painted(), film, 30)
	p.keys(strings.Repeat(",", 10))
	if frame, tc = p.settled(20); tc != "00:00:00.800" {
		t.Errorf("after 10 frames back the readout says frame %s at %s, want 20 at 00:00:00.800", frame, tc)
	}
	wantPicture(t, "the picture after 10 frames back", p.painted(), film, 20)

	// A moment coded by key: "3" is receiving initiatives in the default scheme.
	p.keys("3")
	p.waitJS(`document.querySelectorAll('#ws-moments .ws-moment:not(.ws-pending)').length === 1`, 10*time.Second, "the coded moment to be saved")
	an := apiJSON[struct{ Annotations []wsAnnotation }](p, "/api/v1/recordings/"+rec+"/annotations").Annotations
	if len(an) != 1 || an[0].Code != "receiving-initiatives" || an[0].StartFrame != 20 || an[0].EndFrame != 20 {
		t.Errorf("after pressing 3 at frame 20 the server has %+v, want one receiving-initiatives at frame 20", an)
	}

	// Offline, a moment coded waits on the device, the page says so, and it
	// is sent when the connection returns.
	p.offline(true)
	p.keys("1")
	p.waitJS(`document.getElementById('ws-sync').dataset.state === 'offline'`, 10*time.Second, "the page to say it is offline")
	p.wantText("#ws-sync", "offline", "1 change")
	p.offline(false)
	p.waitJS(`document.getElementById('ws-sync').dataset.state === 'saved' && document.querySelectorAll('#ws-moments .ws-moment:not(.ws-pending)').length === 2`,
		15*time.Second, "the queued moment to be sent")

	// A clip marked with I and O.
	p.keys("i")
	p.keys(strings.Repeat(".", 5))
	p.settled(25)
	p.keys("o")
	p.waitJS(`document.querySelectorAll('#ws-clips .ws-clip:not(.ws-pending)').length === 1`, 10*time.Second, "the clip to be saved")
	clips := apiJSON[struct{ Clips []wsClip }](p, "/api/v1/recordings/"+rec+"/clips").Clips
	if len(clips) != 1 || clips[0].StartFrame != 20 || clips[0].EndFrame != 25 {
		t.Errorf("after I at 20 and O at 25 the server has clips %+v, want one from 20 to 25", clips)
	}

	// A still taken with S becomes ready, and is exactly frame 25.
	p.keys("s")
	p.waitJS(`!!document.querySelector('#ws-stills .ws-still[data-status="ready"] img')`, 30*time.Second, "the still to be ready")
	stills := apiJSON[struct{ Stills []wsStill }](p, "/api/v1/recordings/"+rec+"/stills").Stills
	if len(stills) != 1 || stills[0].Frame != 25 || stills[0].Status != "ready" {
		t.Fatalf("after S at frame 25 the server has stills %+v, want one ready of frame 25", stills)
	}
	still := decodeDataURL(t, eval[string](p, `fetch(`+jsString(stills[0].ImageURL)+`, {credentials: 'same-origin'}).then(r => r.blob())
	  .then(b => new Promise(ok => { const f = new FileReader(); f.onload = () => ok(f.result); f.readAsDataURL(b); }))`, chromedp.EvalAwaitPromise))
	wantPicture(t, "the still", still, film, 25)

	// Remap "one frame forward" to F in the key overlay, and use it.
	p.keys("?")
	p.waitJS(`document.getElementById('ws-help').open`, 5*time.Second, "the key overlay")
	run(p, "choose Change", chromedp.Click(chromedp.CSS(`#ws-keys tr[data-binding="frameFwd"] button`), chromedp.NodeVisible))
	p.keys("f")
	if got := p.text(`#ws-keys tr[data-binding="frameFwd"] kbd`); got != "F" {
		t.Errorf("after remapping, the overlay lists %q for one frame forward, want F", got)
	}
	shots := screenshotDir(t)
	p.shootAt(shots, "workspace-keys", 1280, 800)
	run(p, "close the overlay", chromedp.Click(chromedp.CSS(`#ws-help-close`), chromedp.NodeVisible))
	p.keys("ff")
	p.settled(27)

	// Reload: the coding, the clip, the still and the key are all still there.
	p.reload()
	p.waitWorkspace()
	p.waitJS(`document.querySelectorAll('#ws-moments .ws-moment').length === 2 && document.querySelectorAll('#ws-clips .ws-clip').length === 1
	  && !!document.querySelector('#ws-stills img')`, 10*time.Second, "the coding after a reload")
	p.wantText("#ws-moments", "Receiving initiatives", "frame 20")
	p.wantText("#ws-clips", "00:00.800–00:01.000")
	p.settled(0)
	p.keys("f")
	p.settled(1)
	checkScripts()

	// Look at it: a moment in view, at a laptop's and a tablet's size.
	p.keys(strings.Repeat("f", 19))
	p.settled(20)
	for _, v := range viewports[:2] {
		p.shootAt(shots, "workspace", v.w, v.h)
		p.checkAxe(fmt.Sprintf("workspace at %d px", v.w))
	}
}

// offline cuts the tab's connection to attune, or gives it back.
func (p *tab) offline(off bool) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, network.Enable, network.EnableParams{}); err != nil {
		p.t.Fatalf("enable the network domain: %v", err)
	}
	_, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
	})
	if err != nil {
		p.t.Fatalf("set the tab offline=%v: %v", off, err)
	}
}

// shootAt saves a full-page screenshot at one viewport as name-width.png.
func (p *tab) shootAt(dir, name string, w, h int64) {
	p.t.Helper()
	run(p, "resize", chromedp.EmulateViewport(w, h))
	run(p, "settle", chromedp.Sleep(300*time.Millisecond))
	png := run(p, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w)), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// stepTimes is measured in the page: each of 200 frame steps from the key
// press (a keydown dispatched on the document) to the requestVideoFrameCallback
// that painted the new frame, in ms.
const stepTimesJS = `(async () => {
  const w = window.attuneWorkspace, out = [];
  const press = (key, code) => document.dispatchEvent(new KeyboardEvent('keydown', {key, code, bubbles: true}));
  for (let i = 0; i < 200; i++) {
    const fwd = i < 100, want = w.player.frame + (fwd ? 1 : -1);
    const painted = new Promise(ok => { const on = e => { if (e.detail === want) { w.player.removeEventListener('frame', on); ok(performance.now()); } }; w.player.addEventListener('frame', on); });
    const t0 = performance.now();
    press(fwd ? '.' : ',', fwd ? 'Period' : 'Comma');
    out.push((await painted) - t0);
    while (w.player.seeking) await new Promise(ok => setTimeout(ok, 0));
  }
  return out;
})()`

// TestWorkspaceBench measures the workspace (ATTUNE_BENCH=1): time from
// navigating to it to the first frame painted, and the frame-step latency;
// then seeks of ±1 s and ±1 frame on a 10-minute 1080p30 recording, each
// against the browser's own seek to the same frame.
func TestWorkspaceBench(t *testing.T) {
	if os.Getenv("ATTUNE_BENCH") != "1" {
		t.Skip("workspace benchmark: set ATTUNE_BENCH=1 (scripts/bench.sh, make bench) to run it")
	}
	p, _, path := workspaceAt(t)
	var first []float64
	for range 5 {
		start := time.Now()
		p.open(path)
		p.waitWorkspace()
		wall := time.Since(start)
		inPage := eval[float64](p, `window.attuneWorkspace.firstFrameMs`)
		first = append(first, inPage)
		t.Logf("first frame: %.0f ms after navigation start (in the page; the player started at %.0f ms), %s from the test",
			inPage, eval[float64](p, `window.attuneWorkspace.playerMs`), wall.Round(time.Millisecond))
	}
	p.settled(0)
	steps := eval[[]float64](p, stepTimesJS, chromedp.EvalAwaitPromise)
	table := fmt.Sprintf("workspace (headless chromium, 320×240 25 fps H.264, %d steps)\n", len(steps)) +
		fmt.Sprintf("%-38s %10s %10s %10s\n", "measure", "p50 ms", "p99 ms", "max ms") +
		fmt.Sprintf("%-38s %10.1f %10.1f %10.1f\n", "navigate → first frame painted (5×)", pct(first, 50), pct(first, 99), pct(first, 100)) +
		fmt.Sprintf("%-38s %10.1f %10.1f %10.1f\n", "frame step: key → new frame painted", pct(steps, 50), pct(steps, 99), pct(steps, 100))
	if len(steps) != 200 {
		t.Errorf("measured %d steps, want 200", len(steps))
	}
	table += "\n" + seekBench(t) + "(target: p99 < 100 ms to the painted frame; machine: 2 shared cores, headless chromium, software decoding)\n"
	fmt.Print(table)
	if out := os.Getenv("ATTUNE_BENCH_WORKSPACE_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// pct is the q-th percentile (nearest rank) of xs.
func pct(xs []float64, q float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	i := int(math.Ceil(q/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}
