// list.js: everything coded, in film order, filterable by code and
// participant; a moment's button jumps to it. Clips and stills below.

import { timecode } from "./player.js";

export class List {
  constructor({ store, codes, participants, pts, onJump }) {
    this.store = store;
    this.codes = codes;
    this.people = participants;
    this.pts = pts;
    this.onJump = onJump;
    this.ul = document.getElementById("ws-moments");
    this.clipsUl = document.getElementById("ws-clips");
    this.stillsUl = document.getElementById("ws-stills");
    this.code = document.getElementById("ws-filter-code");
    this.who = document.getElementById("ws-filter-who");
    for (const c of codes) this.code.append(new Option(c.label, c.code));
    for (const p of participants) this.who.append(new Option(p.name, p.id));
    this.code.addEventListener("change", () => this.render());
    this.who.addEventListener("change", () => this.render());
  }

  label(code) {
    const [top, sub] = code.split("/");
    const c = this.codes.find((x) => x.code === top);
    if (!c) return code;
    const s = sub && (c.subcodes || []).find((x) => x.code === code);
    return s ? `${c.label}: ${s.label}` : c.label;
  }

  where(a, b) {
    const at = `frame ${a} (${timecode(this.pts[a])})`;
    return a === b ? at : `${at} to ${b}`;
  }

  render() {
    const code = this.code.value, who = this.who.value;
    const all = [...this.store.annotations.values()]
      .filter((a) => (!code || a.code.split("/")[0] === code) && (!who || a.participant_id === who))
      .sort((x, y) => x.start_frame - y.start_frame || x.end_frame - y.end_frame);
    this.ul.replaceChildren(...all.map((a) => this.moment(a)));
    if (!all.length) this.ul.append(empty(code || who ? "Nothing coded with that yet." : "Nothing coded yet: press a code's key at a moment that works."));
    const clips = [...this.store.clips.values()].sort((x, y) => (x.position ?? 1e9) - (y.position ?? 1e9) || x.start_frame - y.start_frame);
    this.clipsUl.replaceChildren(...clips.map((c) => this.clip(c)));
    if (!clips.length) this.clipsUl.append(empty("No clips yet: mark in with I and out with O."));
    const stills = [...this.store.stills.values()];
    this.stillsUl.replaceChildren(...stills.map((s) => this.still(s)));
    if (!stills.length) this.stillsUl.append(empty("No stills yet: press S on a frame."));
  }

  moment(a) {
    const li = document.createElement("li");
    li.className = "ws-moment" + (a.pending ? " ws-pending" : "");
    li.dataset.id = a.id;
    const c = this.codes.find((x) => x.code === a.code.split("/")[0]);
    li.style.setProperty("--code", (c && c.colour) || "#555");
    const jump = button("ws-jump", "", () => this.onJump(a.start_frame));
    const who = this.people.find((p) => p.id === a.participant_id);
    jump.textContent = `${this.label(a.code)} · ${this.where(a.start_frame, a.end_frame)}${who ? " · " + who.name : ""}${a.note ? " · " + a.note : ""}`;
    const del = button("ws-del", "Delete", () => this.store.removeAnnotation(a.id));
    del.setAttribute("aria-label", `Delete ${this.label(a.code)} at frame ${a.start_frame}`);
    li.append(jump, del);
    return li;
  }

  clip(c) {
    const li = document.createElement("li");
    li.className = "ws-moment ws-clip" + (c.pending ? " ws-pending" : "");
    li.dataset.id = c.id;
    const jump = button("ws-jump", `${c.title || "Clip"} · ${this.where(c.start_frame, c.end_frame)}`, () => this.onJump(c.start_frame, c));
    const del = button("ws-del", "Delete", () => this.store.removeClip(c.id));
    del.setAttribute("aria-label", `Delete the clip ${c.title || ""} from frame ${c.start_frame}`);
    li.append(jump, del);
    return li;
  }

  still(s) {
    const li = document.createElement("li");
    li.className = "ws-still";
    li.dataset.id = s.id;
    li.dataset.status = s.status;
    if (s.status === "ready" && s.image_url) {
      const img = new Image();
      img.src = s.image_url;
      img.alt = `Still of frame ${s.frame}`;
      img.loading = "lazy";
      li.append(img);
    }
    const b = button("ws-jump", `Frame ${s.frame}${s.status === "ready" ? "" : s.status === "failed" ? ": failed" : ": being made…"}`, () => this.onJump(s.frame));
    li.append(b);
    return li;
  }
}

function button(cls, text, fn) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = cls;
  b.textContent = text;
  b.addEventListener("click", fn);
  return b;
}

function empty(text) {
  const li = document.createElement("li");
  li.className = "ws-empty";
  li.textContent = text;
  return li;
}
