// timeline.js: the canvas under the player. Rows: time ruler, storyboard,
// waveform, one lane per code, clips; the playhead and the in/out
// selection over them. It zooms from the whole film to single frames.
// A mouse click or drag seeks; a touch drag selects in and out; dragging a
// clip's edge in the clips row (mouse or touch) trims it to a frame.

const RULER = 18, STORY = 44, WAVE = 36, LANE = 18, CLIPS = 18;

export class Timeline {
  constructor(canvas, { pts, codes, onSeek, onSelect, onTrim }) {
    this.c = canvas;
    this.pts = pts;
    this.codes = codes;
    this.onSeek = onSeek;
    this.onSelect = onSelect;
    this.onTrim = onTrim || (() => {});
    this.drag = null; // a clip edge being dragged: {id, edge, frame}
    this.start = 0;
    this.span = pts.length; // frames in view
    this.frame = 0;
    this.sel = null;
    this.annotations = [];
    this.clips = [];
    this.story = null;
    this.wave = null;
    this.height = RULER + STORY + WAVE + LANE * codes.length + CLIPS + 4;
    this.bind();
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  async loadExtras(rec) {
    try {
      const idx = await (await fetch(`/api/v1/recordings/${rec}/storyboard.json`, { credentials: "same-origin" })).json();
      const img = new Image();
      img.src = `/api/v1/recordings/${rec}/storyboard`;
      await img.decode();
      this.story = { idx, img };
    } catch { /* no storyboard: the row stays empty */ }
    try {
      this.wave = await (await fetch(`/api/v1/recordings/${rec}/waveform`, { credentials: "same-origin" })).json();
    } catch { /* no sound */ }
    this.draw();
  }

  get count() { return this.pts.length; }
  xOf(f) { return ((f - this.start) / this.span) * this.width; }
  frameOfX(x) { return Math.max(0, Math.min(this.count - 1, Math.floor(this.start + (x / this.width) * this.span))); }

  zoom(factor, around = this.frame) {
    const span = Math.max(8, Math.min(this.count, Math.round(this.span * factor)));
    const rel = (around - this.start) / this.span;
    this.span = span;
    this.start = Math.round(around - rel * span);
    this.clamp();
    this.draw();
  }

  all() { this.start = 0; this.span = this.count; this.draw(); }

  clamp() {
    this.start = Math.max(0, Math.min(this.count - this.span, this.start));
  }

  setFrame(n) {
    this.frame = n;
    if (n < this.start || n >= this.start + this.span) { this.start = n - Math.floor(this.span / 4); this.clamp(); }
    this.c.setAttribute("aria-valuenow", String(n));
    this.draw();
  }

  get clipsY() { return RULER + STORY + WAVE + LANE * this.codes.length; }

  // edgeAt is the clip edge under a pointer in the clips row, if any: the
  // nearest edge within reach of a finger (10 px) or a mouse (6 px).
  edgeAt(x, y, touch) {
    if (y < this.clipsY || y > this.clipsY + CLIPS) return null;
    const reach = touch ? 10 : 6;
    let best = null;
    for (const c of this.clips) {
      if (c.pending && String(c.id).startsWith("tmp-")) continue;
      for (const [edge, f, ex] of [["in", c.start_frame, this.xOf(c.start_frame)], ["out", c.end_frame, this.xOf(c.end_frame + 1)]]) {
        const d = Math.abs(ex - x);
        if (d <= reach && (!best || d < best.d)) best = { id: c.id, edge, frame: f, d, clip: c };
      }
    }
    return best;
  }

  // dragTo moves the dragged edge to the frame under x, never past the
  // other edge, and shows that frame.
  dragTo(x) {
    const d = this.drag, c = d.clip;
    let f = this.frameOfX(x);
    if (d.edge === "in") f = Math.min(f, c.end_frame); else f = Math.max(f, c.start_frame);
    if (f === d.frame) return;
    d.frame = f;
    this.onSeek(f);
    this.draw();
  }

  bind() {
    let down = null;
    this.c.addEventListener("pointerdown", (e) => {
      this.c.setPointerCapture(e.pointerId);
      const edge = this.edgeAt(e.offsetX, e.offsetY, e.pointerType !== "mouse");
      if (edge) { this.drag = edge; down = null; this.onSeek(edge.frame); return; }
      down = { x: e.offsetX, f: this.frameOfX(e.offsetX), touch: e.pointerType !== "mouse" || e.shiftKey, moved: false };
      if (!down.touch) this.onSeek(down.f);
    });
    this.c.addEventListener("pointermove", (e) => {
      if (this.drag) { this.dragTo(e.offsetX); return; }
      if (!down) { this.c.style.cursor = this.edgeAt(e.offsetX, e.offsetY, false) ? "ew-resize" : ""; return; }
      if (Math.abs(e.offsetX - down.x) > 6) down.moved = true;
      const f = this.frameOfX(e.offsetX);
      if (down.touch && down.moved) { this.sel = [Math.min(down.f, f), Math.max(down.f, f)]; this.draw(); }
      else if (!down.touch) this.onSeek(f);
    });
    const up = (e) => {
      if (this.drag) {
        const d = this.drag;
        this.drag = null;
        if (d.frame !== (d.edge === "in" ? d.clip.start_frame : d.clip.end_frame)) this.onTrim(d.id, d.edge, d.frame);
        this.draw();
        return;
      }
      if (!down) return;
      const f = this.frameOfX(e.offsetX);
      if (down.touch && down.moved) this.onSelect(Math.min(down.f, f), Math.max(down.f, f));
      else if (down.touch) this.onSeek(f);
      down = null;
    };
    this.c.addEventListener("pointerup", up);
    this.c.addEventListener("pointercancel", () => { down = null; this.drag = null; this.draw(); });
    this.c.addEventListener("wheel", (e) => {
      e.preventDefault();
      if (e.ctrlKey || Math.abs(e.deltaY) > Math.abs(e.deltaX)) this.zoom(e.deltaY > 0 ? 1.25 : 0.8, this.frameOfX(e.offsetX));
      else { this.start += Math.round((e.deltaX / this.width) * this.span); this.clamp(); this.draw(); }
    }, { passive: false });
  }

  draw() {
    const dpr = window.devicePixelRatio || 1;
    const w = this.c.clientWidth;
    if (!w) return;
    this.width = w;
    if (this.c.width !== Math.round(w * dpr)) this.c.width = Math.round(w * dpr);
    this.c.height = Math.round(this.height * dpr);
    this.c.style.height = this.height + "px";
    const g = this.c.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = "#15191c";
    g.fillRect(0, 0, w, this.height);
    this.ruler(g);
    this.storyboard(g, RULER);
    this.waveform(g, RULER + STORY);
    this.lanes(g, RULER + STORY + WAVE);
    this.overlay(g);
  }

  ruler(g) {
    const fps = this.count > 1 ? 1000 * (this.count - 1) / (this.pts[this.count - 1] - this.pts[0] || 1) : 25;
    const pxPerFrame = this.width / this.span;
    g.fillStyle = "#c9d1d6";
    g.font = "11px ui-monospace, monospace";
    g.strokeStyle = "#56616a";
    let every = 1;
    if (pxPerFrame < 40) {
      const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800].map((s) => Math.max(1, Math.round(s * fps)));
      every = steps.find((s) => s * pxPerFrame >= 70) || steps[steps.length - 1];
    }
    const first = Math.ceil(this.start / every) * every;
    for (let f = first; f < this.start + this.span; f += every) {
      const x = Math.round(this.xOf(f)) + 0.5;
      g.beginPath(); g.moveTo(x, 10); g.lineTo(x, RULER); g.stroke();
      const t = pxPerFrame >= 40 ? String(f) : clock(this.pts[f]);
      g.fillText(t, x + 3, 11);
    }
  }

  storyboard(g, y) {
    if (!this.story) return;
    const { idx, img } = this.story;
    const tiles = idx.tiles_pts_us || [];
    const tw = idx.tile_width, th = idx.tile_height, h = STORY - 4;
    const dw = (h * tw) / th;
    for (let i = 0; i < tiles.length; i++) {
      const f0 = nearest(this.pts, tiles[i] / 1000);
      const f1 = i + 1 < tiles.length ? nearest(this.pts, tiles[i + 1] / 1000) : this.count;
      const x0 = this.xOf(f0), x1 = this.xOf(f1);
      if (x1 < 0 || x0 > this.width) continue;
      g.save();
      g.beginPath(); g.rect(x0, y + 2, x1 - x0, h); g.clip();
      for (let x = x0; x < x1; x += dw) {
        g.drawImage(img, (i % idx.columns) * tw, Math.floor(i / idx.columns) * th, tw, th, x, y + 2, dw, h);
      }
      g.restore();
    }
  }

  waveform(g, y) {
    const mid = y + WAVE / 2;
    g.strokeStyle = "#3b4750";
    g.beginPath(); g.moveTo(0, mid + 0.5); g.lineTo(this.width, mid + 0.5); g.stroke();
    if (!this.wave || !this.wave.peaks || !this.wave.peaks.length) return;
    const { peaks, sample_rate: sr, samples_per_peak: spp } = this.wave;
    const n = peaks.length / 2, perMs = sr / spp / 1000;
    g.fillStyle = "#7fc3c8";
    for (let x = 0; x < this.width; x++) {
      const f0 = this.start + (x / this.width) * this.span, f1 = this.start + ((x + 1) / this.width) * this.span;
      const a = Math.floor(msAt(this.pts, f0) * perMs), b = Math.max(a + 1, Math.floor(msAt(this.pts, f1) * perMs));
      let lo = 0, hi = 0;
      for (let i = a; i < b && i < n; i++) { lo = Math.min(lo, peaks[2 * i]); hi = Math.max(hi, peaks[2 * i + 1]); }
      const s = (WAVE / 2 - 2) / this.loudest();
      if (this.speakerAt) g.fillStyle = this.speakerAt(msAt(this.pts, f0)); // who speaks (moments.js)
      g.fillRect(x, mid - hi * s, 1, Math.max(1, (hi - lo) * s));
    }
  }

  // loudest is the largest peak, so a quiet film still shows its shape.
  loudest() {
    if (!this.wave.max) {
      let m = 1024;
      for (const v of this.wave.peaks) m = Math.max(m, Math.abs(v));
      this.wave.max = m;
    }
    return this.wave.max;
  }

  lanes(g, y) {
    g.font = "11px system-ui, sans-serif";
    this.codes.forEach((c, i) => {
      const ly = y + i * LANE;
      g.fillStyle = i % 2 ? "#1b2024" : "#20262b";
      g.fillRect(0, ly, this.width, LANE);
      g.fillStyle = c.colour || "#888";
      for (const a of this.annotations) {
        if (a.code.split("/")[0] !== c.code) continue;
        const x0 = this.xOf(a.start_frame), x1 = this.xOf(a.end_frame + 1);
        if (x1 < -4 || x0 > this.width + 4) continue;
        if (x1 - x0 >= 5) { g.fillRect(x0, ly + 3, x1 - x0, LANE - 6); continue; }
        const cx = (x0 + x1) / 2; // a point: a diamond that stays visible at any zoom
        g.beginPath(); g.moveTo(cx, ly + 2); g.lineTo(cx + 5, ly + LANE / 2); g.lineTo(cx, ly + LANE - 2); g.lineTo(cx - 5, ly + LANE / 2); g.fill();
      }
      g.fillStyle = "#e6ecef";
      g.fillText(c.label, 4, ly + 13);
    });
    const cy = y + this.codes.length * LANE;
    g.fillStyle = "#e0b34a";
    for (const c of this.clips) {
      const d = this.drag && this.drag.id === c.id ? this.drag : null;
      const s = d && d.edge === "in" ? d.frame : c.start_frame, e = d && d.edge === "out" ? d.frame : c.end_frame;
      const x0 = this.xOf(s), x1 = Math.max(x0 + 3, this.xOf(e + 1));
      g.fillRect(x0, cy + 4, x1 - x0, CLIPS - 8);
      g.fillStyle = "#fff4d6"; // the edges you can drag
      g.fillRect(x0, cy + 2, 2, CLIPS - 4);
      g.fillRect(x1 - 2, cy + 2, 2, CLIPS - 4);
      g.fillStyle = "#e0b34a";
    }
    g.fillStyle = "#e6ecef";
    g.fillText("Clips", 4, cy + 13);
  }

  overlay(g) {
    if (this.sel) {
      const x0 = this.xOf(this.sel[0]), x1 = this.xOf(this.sel[1] + 1);
      g.fillStyle = "rgba(255, 191, 71, 0.22)";
      g.fillRect(x0, 0, x1 - x0, this.height);
      g.fillStyle = "#ffbf47";
      g.fillRect(x0, 0, 2, this.height);
      g.fillRect(x1 - 2, 0, 2, this.height);
    }
    const x = this.xOf(this.frame), w = Math.max(2, this.width / this.span);
    g.fillStyle = "rgba(255, 255, 255, 0.25)";
    if (w > 3) g.fillRect(x, 0, w, this.height);
    g.fillStyle = "#ff5a4f";
    g.fillRect(Math.round(x) - 1, 0, 2, this.height);
  }
}

function nearest(pts, ms) {
  let lo = 0, hi = pts.length - 1;
  while (lo < hi) { const m = (lo + hi + 1) >> 1; if (pts[m] <= ms) lo = m; else hi = m - 1; }
  return lo;
}

function msAt(pts, f) {
  const i = Math.max(0, Math.min(pts.length - 1, Math.floor(f)));
  return pts[i] ?? 0;
}

function clock(ms) {
  const s = Math.floor((ms || 0) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
