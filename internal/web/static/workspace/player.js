// player.js: a frame-exact player. The server's frame table (every frame's
// presentation time) is the truth: a seek goes to the middle of the target
// frame, and the frame painted is confirmed with requestVideoFrameCallback
// (its mediaTime), mapped back to a frame number through the table.
//
// Two frames are kept apart: painted, the frame on the screen (only a
// requestVideoFrameCallback says so; it drives the readout and every mark),
// and frame, where the seeking believes the picture is (it may run ahead of
// the picture for a moment when a seek settles before its frame is
// presented). A mark never uses a seek's target or currentTime.

// timecode writes milliseconds as hh:mm:ss.mmm.
export function timecode(ms) {
  const t = Math.max(0, Math.round(ms));
  const pad = (n, w) => String(n).padStart(w, "0");
  return `${pad(Math.floor(t / 3600000), 2)}:${pad(Math.floor(t / 60000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}`;
}

// frameAt maps a time in ms to the frame presented then: the nearest entry
// of the table (times are rounded differently by the container and the
// browser), found by binary search.
export function frameAt(pts, ms) {
  let lo = 0, hi = pts.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pts[mid] <= ms) lo = mid; else hi = mid - 1;
  }
  if (lo + 1 < pts.length && pts[lo + 1] - ms < ms - pts[lo]) return lo + 1;
  return lo;
}

export const RATES = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2];

export class Player extends EventTarget {
  constructor(video, pts) {
    super();
    this.video = video;
    this.pts = pts;
    this.frame = -1; // the frame the seeking believes is shown
    this.painted = -1; // the frame on the screen now
    this.target = 0; // the frame asked for
    this.seeking = false;
    this.rate = 1;
    this.loop = null; // [in, out] while looping a selection
    this.typical = pts.length > 1 ? (pts[pts.length - 1] - pts[0]) / (pts.length - 1) : 40;
    this.watch();
  }

  get count() { return this.pts.length; }
  get playing() { return !this.video.paused && !this.video.ended; }

  duration(n) {
    return n + 1 < this.pts.length ? this.pts[n + 1] - this.pts[n] : this.typical;
  }

  // watch follows every frame the video presents, playing or not.
  watch() {
    const onFrame = (now, meta) => {
      this.paint(frameAt(this.pts, meta.mediaTime * 1000));
      this.video.requestVideoFrameCallback(onFrame);
    };
    this.video.requestVideoFrameCallback(onFrame);
  }

  // believe is a seek that ended with no new frame presented: the picture
  // is the frame at currentTime only if nothing was painted yet (the first
  // frame, presented before the player watched); otherwise the picture
  // stays what was painted and only the seeking moves on.
  believe(n) {
    if (this.painted < 0) { this.paint(n); return; }
    this.frame = n;
  }

  paint(n) {
    if (n === this.painted) return;
    this.painted = n;
    this.frame = n;
    if (!this.seeking && this.playing) this.target = n;
    // A late frame from an earlier seek painted after the seek settled:
    // go back to the frame asked for.
    else if (!this.seeking && !this.video.seeking && n !== this.target) queueMicrotask(() => this.seek(this.target));
    if (this.loop && this.playing && n >= this.loop[1]) { this.seek(this.loop[0]); return; }
    this.dispatchEvent(new CustomEvent("frame", { detail: n }));
  }

  // ready resolves once the first frame is painted.
  ready() {
    if (this.painted >= 0) return Promise.resolve(this.painted);
    return new Promise((ok) => this.addEventListener("frame", () => ok(this.painted), { once: true }));
  }

  // seek shows frame n; fast key presses collapse into the last target.
  seek(n) {
    n = Math.max(0, Math.min(this.pts.length - 1, Math.round(n)));
    this.target = n;
    if (!this.seeking) this.pump();
    return n;
  }

  // hold keeps the picture on the frame painted, for a mark made while
  // seeks are still on their way (keys held down): the seeks still queued
  // are dropped, so the picture stays on (or comes back to) the frame the
  // mark went to. Playback goes on.
  hold() {
    if (this.painted >= 0 && !this.playing) this.target = this.painted;
    return this.painted;
  }

  step(delta) {
    if (this.playing) this.pause();
    return this.seek(this.target + delta);
  }

  seekMs(ms) { return this.seek(frameAt(this.pts, ms)); }

  jump(seconds) {
    const base = this.pts[this.target] ?? 0;
    return this.seekMs(base + seconds * 1000);
  }

  // pump seeks until the frame painted is the frame asked for. A target
  // that cannot be confirmed after three tries is taken from currentTime,
  // so a seek never leaves the player stuck.
  async pump() {
    this.seeking = true;
    try {
      let tries = 0, last = -1;
      while (this.target !== this.frame) {
        const n = this.target;
        tries = n === last ? tries + 1 : 1;
        last = n;
        if (tries > 3) { this.believe(frameAt(this.pts, this.video.currentTime * 1000)); break; }
        await this.seekOnce(n);
      }
    } finally {
      this.seeking = false;
    }
  }

  // seekOnce sets currentTime to the middle of frame n and waits for the
  // painted frame; a seek that lands on the frame already shown paints
  // nothing new, so "seeked" and two animation frames end the wait too.
  seekOnce(n) {
    const v = this.video;
    return new Promise((ok) => {
      let done = false;
      const finish = () => { if (!done) { done = true; ok(); } };
      // No new frame painted: the picture is already the frame at currentTime.
      const unchanged = () => { if (!done) { this.believe(frameAt(this.pts, v.currentTime * 1000)); finish(); } };
      // Only a painted frame that is frame n ends the wait: a frame from an
      // earlier seek still on its way to the screen may be presented first.
      const painted = (now, meta) => {
        if (done) return;
        if (frameAt(this.pts, meta.mediaTime * 1000) === n) finish();
        else v.requestVideoFrameCallback(painted);
      };
      v.requestVideoFrameCallback(painted);
      v.addEventListener("seeked", () => {
        requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(unchanged)));
      }, { once: true });
      setTimeout(unchanged, 3000);
      v.currentTime = (this.pts[n] + this.duration(n) / 2) / 1000;
    });
  }

  play() {
    if (this.target >= this.pts.length - 1) this.seek(0);
    this.video.playbackRate = this.rate;
    return this.video.play().catch(() => {});
  }

  pause() {
    this.video.pause();
    // Settle on a whole frame: the one painted when playback stopped.
    if (this.painted >= 0) this.seek(this.painted);
  }

  toggle() { return this.playing ? this.pause() : this.play(); }

  setRate(r) {
    this.rate = Math.max(RATES[0], Math.min(RATES[RATES.length - 1], r));
    this.video.playbackRate = this.rate;
    this.dispatchEvent(new CustomEvent("rate", { detail: this.rate }));
  }

  // faster and slower move through RATES (J K L); faster starts playback.
  faster() {
    const i = RATES.findIndex((r) => r > this.rate + 1e-9);
    if (this.playing && i >= 0) this.setRate(RATES[i]);
    else if (!this.playing) this.setRate(Math.max(this.rate, 1));
    if (!this.playing) this.play();
  }

  slower() {
    const lower = RATES.filter((r) => r < this.rate - 1e-9);
    if (lower.length) this.setRate(lower[lower.length - 1]);
    if (!this.playing) this.play();
  }
}
