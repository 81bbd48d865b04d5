package browsertest

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// longFilm is a phone-like recording for the seek benchmark: 1920×1080 at
// 30 frames a second, a keyframe every 2 s, High-profile-like (CABAC),
// about 10 Mbit/s, with sound; seconds long.
func longFilm(seconds int) []string {
	return []string{"-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
		"-t", strconv.Itoa(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "cabac=1", "-crf", "28", "-g", "60",
		"-pix_fmt", "yuv420p", "-c:a", "aac"}
}

// seekTimesJS measures, from n places spread over the film, one second
// forward and back and one frame forward and back: from the key press to
// the requestVideoFrameCallback that painted the frame wanted, in ms. The
// baseline, from the same places to the same frames, is the browser's own
// seek: currentTime set to the frame's middle, to its frame painted.
const seekTimesJS = `(async (n) => {
  const w = window.attuneWorkspace, v = document.getElementById('ws-video'), pts = w.player.pts, last = pts.length - 1;
  const frameAt = (ms) => { let lo = 0, hi = last; while (lo < hi) { const m = (lo + hi + 1) >> 1; if (pts[m] <= ms) lo = m; else hi = m - 1; }
    return lo < last && pts[lo + 1] - ms < ms - pts[lo] ? lo + 1 : lo; };
  const sleep = (ms) => new Promise(ok => setTimeout(ok, ms));
  const painted = (want) => new Promise(ok => { const on = (e) => { if (e.detail === want) { w.player.removeEventListener('frame', on); ok(performance.now()); } };
    w.player.addEventListener('frame', on); });
  const settle = async (f) => { w.player.seek(f); while (w.player.seeking || w.player.painted !== f) await sleep(2); await sleep(30); };
  const press = (key, code) => document.dispatchEvent(new KeyboardEvent('keydown', {key, code, bubbles: true}));
  const moves = [['secFwd', 'ArrowRight', 'ArrowRight', (f) => frameAt(pts[f] + 1000)], ['secBack', 'ArrowLeft', 'ArrowLeft', (f) => frameAt(pts[f] - 1000)],
    ['frameFwd', '.', 'Period', (f) => f + 1], ['frameBack', ',', 'Comma', (f) => f - 1]];
  const out = {};
  for (const [name] of moves) { out[name] = []; out['raw_' + name] = []; }
  for (let i = 0; i < n; i++) {
    const from = 40 + Math.floor(((i * 0.618034) % 1) * (last - 80));
    for (const [name, key, code, to] of moves) {
      const want = to(from);
      await settle(from);
      let p = painted(want), t0 = performance.now();
      press(key, code);
      out[name].push((await p) - t0);
      await settle(from);
      p = painted(want);
      t0 = performance.now();
      w.player.target = want; // the player agrees: it must not pull the picture back
      v.currentTime = (pts[want] + (pts[want + 1] - pts[want]) / 2) / 1000;
      out['raw_' + name].push((await p) - t0);
    }
  }
  return out;
})`

// seekBench uploads a long 1080p30 recording, opens it in the workspace
// and measures seeks (ATTUNE_BENCH_WORKSPACE_SECONDS long, default 600;
// ATTUNE_BENCH_SEEKS places, default 100). It returns the table's lines.
func seekBench(t *testing.T) string {
	seconds := envInt("ATTUNE_BENCH_WORKSPACE_SECONDS", 600)
	places := envInt("ATTUNE_BENCH_SEEKS", 100)
	start := time.Now()
	film := makeFilm(t, "long-1080p30.mp4", longFilm(seconds)...)
	made := time.Since(start)
	p, _ := workspaceOf(t, film, 90*time.Minute, 45*time.Minute)
	t.Logf("the %d s film: made in %s, uploaded, processed and open in %s", seconds, made.Round(time.Second), time.Since(start).Round(time.Second))
	res := eval[map[string][]float64](p, seekTimesJS+fmt.Sprintf("(%d)", places), chromedp.EvalAwaitPromise)
	out := fmt.Sprintf("seeks on %d s of 1920×1080 30 fps H.264 (keyframe every 2 s), %d places; baseline: the browser's own seek (currentTime) to the same frame\n", seconds, places) +
		fmt.Sprintf("%-30s %8s %8s %8s %10s %10s %11s\n", "measure (key → frame painted)", "p50 ms", "p99 ms", "max ms", "base p50", "base p99", "p99 / base")
	for _, m := range []struct{ name, what string }{{"secFwd", "+1 s"}, {"secBack", "−1 s"}, {"frameFwd", "+1 frame"}, {"frameBack", "−1 frame"}} {
		xs, base := res[m.name], res["raw_"+m.name]
		if len(xs) != places || len(base) != places {
			t.Errorf("%s: measured %d and %d seeks, want %d", m.what, len(xs), len(base), places)
		}
		out += fmt.Sprintf("%-30s %8.1f %8.1f %8.1f %10.1f %10.1f %11.2f\n", "seek "+m.what, pct(xs, 50), pct(xs, 99), pct(xs, 100), pct(base, 50), pct(base, 99), pct(xs, 99)/pct(base, 99))
	}
	return out
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
