package browsertest

import (
	"math"

	"github.com/chromedp/chromedp"
)

// playerState is what the film page's <video> reports.
type playerState struct {
	Ready    int     `json:"ready"` // readyState once loaded
	Duration float64 `json:"duration"`
	Width    int     `json:"width"`
	Height   int     `json:"height"`
	SeekTo   float64 `json:"seekTo"`
	Time     float64 `json:"time"` // currentTime after the seek
	Error    string  `json:"error"`
}

// playerJS waits for the film to have a picture, seeks to 2.5 s and waits
// for the seek to finish, then reports; it never waits more than 15 s for
// one event.
const playerJS = `(async () => {
  const v = document.querySelector('.player video');
  if (!v) return {error: 'no video on the page'};
  const when = ev => new Promise((ok, bad) => {
    const t = setTimeout(() => bad(new Error('no ' + ev + ' within 15 s (readyState ' + v.readyState + ')')), 15000);
    v.addEventListener(ev, () => { clearTimeout(t); ok(); }, {once: true});
    v.addEventListener('error', () => { clearTimeout(t); bad(new Error('media error ' + (v.error ? v.error.code + ' ' + v.error.message : ''))); }, {once: true});
  });
  try {
    if (v.readyState < 2) await when('loadeddata');
    const ready = v.readyState, seekTo = 2.5;
    const seeked = when('seeked');
    v.currentTime = seekTo;
    await seeked;
    return {ready, duration: v.duration, width: v.videoWidth, height: v.videoHeight, seekTo, time: v.currentTime, error: ''};
  } catch (e) {
    return {error: String(e.message || e)};
  }
})()`

// checkPlayer checks the film on the page plays in the browser: a picture,
// the length and size of the film made, and a seek that lands.
func (p *tab) checkPlayer(wantSeconds float64, wantWidth, wantHeight int) {
	p.t.Helper()
	s := eval[playerState](p, playerJS, chromedp.EvalAwaitPromise)
	if s.Error != "" {
		p.t.Fatalf("the film on %s doesn't play: %s", p.path(), s.Error)
	}
	p.t.Logf("player: %+v", s)
	if s.Ready < 2 {
		p.t.Errorf("video readyState %d, want at least 2 (a frame to show)", s.Ready)
	}
	if math.Abs(s.Duration-wantSeconds) > 0.1 {
		p.t.Errorf("video duration %.3f s, want %.1f ± 0.1 s", s.Duration, wantSeconds)
	}
	if s.Width != wantWidth || s.Height != wantHeight {
		p.t.Errorf("video picture %d×%d, want %d×%d", s.Width, s.Height, wantWidth, wantHeight)
	}
	if math.Abs(s.Time-s.SeekTo) > 0.05 {
		p.t.Errorf("after seeking to %.2f s the video is at %.3f s", s.SeekTo, s.Time)
	}
}
