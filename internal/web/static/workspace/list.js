// list.js: everything coded, in film order, filterable by code,
// participant and goal; a moment's button jumps to it and opens its editor
// (code, whose initiative, goal, note). Clips below, each with its editor
// (title, caption, goal, working point, trim) and up/down buttons; stills.

import { timecode } from "./player.js";

export class List {
  constructor({ store, codes, participants, pts, onJump, onClip }) {
    this.store = store;
    this.codes = codes;
    this.people = participants;
    this.pts = pts;
    this.onJump = onJump;
    this.onClip = onClip || (() => {});
    this.goals = [];
    this.selected = null; // the moment being edited
    this.clipSel = null; // the clip being edited
    this.goal = document.getElementById("ws-filter-goal");
    this.goal.addEventListener("change", () => this.render());
    this.edit = document.getElementById("ws-edit");
    this.clipEdit = document.getElementById("ws-clip-edit");
    const ec = document.getElementById("ws-edit-code");
    for (const c of codes) {
      ec.append(new Option(c.label, c.code));
      for (const sc of c.subcodes || []) ec.append(new Option(`${c.label}: ${sc.label}`, sc.code));
    }
    for (const p of participants) document.getElementById("ws-edit-who").append(new Option(p.name, p.id));
    this.edit.addEventListener("submit", (e) => { e.preventDefault(); this.saveMoment(); });
    document.getElementById("ws-edit-close").addEventListener("click", () => this.closeMoment());
    this.clipEdit.addEventListener("submit", (e) => { e.preventDefault(); this.saveClip(); });
    document.getElementById("ws-clip-close").addEventListener("click", () => this.closeClip());
    for (const f of [this.edit, this.clipEdit]) {
      f.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); f === this.edit ? this.closeMoment() : this.closeClip(); } });
    }
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

  // setGoals fills the goal pickers with the family's goals.
  setGoals(goals) {
    this.goals = goals;
    for (const id of ["ws-filter-goal", "ws-edit-goal", "ws-clip-goal"]) {
      const sel = document.getElementById(id);
      for (const g of goals) sel.append(new Option(g.helping_question + (g.status === "closed" ? " (closed)" : ""), g.id));
    }
    this.render();
  }

  goalName(id) {
    const g = this.goals.find((x) => x.id === id);
    return g ? g.helping_question : "";
  }

  label(code) {
    const [top, sub] = code.split("/");
    const c = this.codes.find((x) => x.code === top);
    if (!c) return code;
    const s = sub && (c.subcodes || []).find((x) => x.code === code);
    return s ? `${c.label}: ${s.label}` : c.label;
  }

  // short is a frame's time without the hours when the film is under an
  // hour: 01:02.040.
  short(n) {
    const tc = timecode(this.pts[n]);
    return this.pts[this.pts.length - 1] < 3600000 ? tc.slice(3) : tc;
  }

  where(a, b) {
    const at = `frame ${a} (${timecode(this.pts[a])})`;
    return a === b ? at : `${at} to ${b}`;
  }

  render() {
    const code = this.code.value, who = this.who.value, goal = this.goal.value;
    const all = [...this.store.annotations.values()]
      .filter((a) => (!code || a.code.split("/")[0] === code) && (!who || a.participant_id === who) && (!goal || a.goal_id === goal))
      .sort((x, y) => x.start_frame - y.start_frame || x.end_frame - y.end_frame);
    this.ul.replaceChildren(...all.map((a) => this.moment(a)));
    if (!all.length) this.ul.append(empty(code || who || goal ? "Nothing coded with that yet." : "Nothing coded yet: press a code's key at a moment that works."));
    const clips = this.store.orderedClips();
    this.clipsUl.replaceChildren(...clips.map((c, i) => this.clip(c, i, clips.length)));
    if (!clips.length) this.clipsUl.append(empty("No clips yet: mark in with I and out with O."));
    const stills = [...this.store.stills.values()];
    this.stillsUl.replaceChildren(...stills.map((s) => this.still(s)));
    if (!stills.length) this.stillsUl.append(empty("No stills yet: press S on a frame."));
    this.refreshEditors();
  }

  // The editors follow their item: a change from another tab shows, a
  // deleted item closes its editor. Fields being typed in are left alone.
  refreshEditors() {
    if (this.selected) {
      const a = this.store.annotations.get(this.store.real(this.selected));
      if (!a) this.closeMoment(false);
      else {
        this.selected = a.id;
        document.getElementById("ws-edit-where").textContent = this.where(a.start_frame, a.end_frame);
      }
    }
    if (this.clipSel) {
      const c = this.store.clips.get(this.store.real(this.clipSel));
      if (!c) this.closeClip(false);
      else {
        this.clipSel = c.id;
        document.getElementById("ws-clip-in").textContent = String(c.start_frame);
        document.getElementById("ws-clip-out").textContent = String(c.end_frame);
      }
    }
  }

  openMoment(a) {
    this.selected = a.id;
    document.getElementById("ws-edit-code").value = a.code;
    document.getElementById("ws-edit-who").value = a.participant_id || "";
    document.getElementById("ws-edit-goal").value = a.goal_id || "";
    document.getElementById("ws-edit-note").value = a.note || "";
    document.getElementById("ws-edit-where").textContent = this.where(a.start_frame, a.end_frame);
    this.edit.hidden = false;
    this.render();
    document.getElementById("ws-edit-code").focus();
  }

  saveMoment() {
    const id = this.store.real(this.selected || "");
    const a = this.store.annotations.get(id);
    if (!a) { this.closeMoment(); return; }
    const now = {
      code: document.getElementById("ws-edit-code").value,
      participant_id: document.getElementById("ws-edit-who").value,
      goal_id: document.getElementById("ws-edit-goal").value,
      note: document.getElementById("ws-edit-note").value,
    };
    const fields = {};
    for (const [k, v] of Object.entries(now)) if ((a[k] || "") !== v) fields[k] = v;
    if (Object.keys(fields).length) this.store.updateAnnotation(id, fields);
    this.closeMoment();
  }

  closeMoment(focus = true) {
    const id = this.selected;
    this.selected = null;
    this.edit.hidden = true;
    this.render();
    if (focus && id) {
      const b = this.ul.querySelector(`li[data-id="${CSS.escape(this.store.real(id))}"] .ws-jump`);
      if (b) b.focus();
    }
  }

  openClip(c) {
    this.clipSel = c.id;
    document.getElementById("ws-clip-title").value = c.title || "";
    document.getElementById("ws-clip-caption").value = c.caption || "";
    document.getElementById("ws-clip-goal").value = c.goal_id || "";
    document.getElementById("ws-clip-wp").checked = !!c.working_point;
    this.clipCodes(c.codes || []);
    this.clipEdit.hidden = false;
    this.render();
    this.onClip(c);
    document.getElementById("ws-clip-title").focus();
  }

  saveClip() {
    const id = this.store.real(this.clipSel || "");
    const c = this.store.clips.get(id);
    if (!c) { this.closeClip(); return; }
    const now = {
      title: document.getElementById("ws-clip-title").value,
      caption: document.getElementById("ws-clip-caption").value,
      goal_id: document.getElementById("ws-clip-goal").value,
    };
    const fields = {};
    for (const [k, v] of Object.entries(now)) if ((c[k] || "") !== v) fields[k] = v;
    const codes = [...document.querySelectorAll("#ws-clip-codes input:checked")].map((i) => i.value);
    if (codes.join("\n") !== (c.codes || []).join("\n")) fields.codes = codes;
    const wp = document.getElementById("ws-clip-wp").checked;
    if (!!c.working_point !== wp) fields.working_point = wp;
    if (Object.keys(fields).length) this.store.updateClip(id, fields);
    const b = this.clipsUl.querySelector(`li[data-id="${CSS.escape(id)}"] .ws-jump`);
    if (b) b.focus();
  }

  closeClip(focus = true) {
    const id = this.clipSel;
    this.clipSel = null;
    this.clipEdit.hidden = true;
    this.onClip(null);
    this.render();
    if (focus && id) {
      const b = this.clipsUl.querySelector(`li[data-id="${CSS.escape(this.store.real(id))}"] .ws-jump`);
      if (b) b.focus();
    }
  }

  // clipCodes offers the scheme's codes as boxes to tick, in the scheme's
  // order; a sub-code the clip already carries gets its own ticked box.
  clipCodes(have) {
    const box = document.getElementById("ws-clip-codes");
    const offered = [];
    for (const c of this.codes) {
      offered.push(c.code);
      for (const sc of c.subcodes || []) if (have.includes(sc.code)) offered.push(sc.code);
    }
    for (const code of have) if (!offered.includes(code)) offered.push(code);
    box.replaceChildren(...offered.map((code, i) => {
      const l = document.createElement("label");
      l.className = "ws-check";
      const cb = document.createElement("input");
      cb.type = "checkbox";
      cb.value = code;
      cb.id = `ws-clip-code-${i}`;
      cb.checked = have.includes(code);
      l.append(cb, " " + this.label(code));
      return l;
    }));
  }

  // selectedClip is the clip whose editor is open.
  selectedClip() {
    return this.clipSel ? this.store.clips.get(this.store.real(this.clipSel)) : null;
  }

  moment(a) {
    const li = document.createElement("li");
    li.className = "ws-moment" + (a.pending ? " ws-pending" : "");
    li.dataset.id = a.id;
    const c = this.codes.find((x) => x.code === a.code.split("/")[0]);
    li.style.setProperty("--code", (c && c.colour) || "#555");
    const jump = button("ws-jump", "", () => { this.onJump(a.start_frame); this.openMoment(a); });
    const who = this.people.find((p) => p.id === a.participant_id);
    const goal = this.goalName(a.goal_id);
    jump.textContent = `${this.label(a.code)} · ${this.where(a.start_frame, a.end_frame)}${who ? " · " + who.name : ""}${goal ? " · goal: " + goal : ""}${a.note ? " · " + a.note : ""}`;
    jump.setAttribute("aria-expanded", this.selected === a.id ? "true" : "false");
    jump.setAttribute("aria-controls", "ws-edit");
    if (this.selected === a.id) li.classList.add("ws-selected");
    const del = button("ws-del", "Delete", () => this.store.removeAnnotation(a.id));
    del.setAttribute("aria-label", `Delete ${this.label(a.code)} at frame ${a.start_frame}`);
    li.append(jump, del);
    return li;
  }

  clip(c, i, n) {
    const li = document.createElement("li");
    li.className = "ws-moment ws-clip" + (c.pending ? " ws-pending" : "") + (this.clipSel === c.id ? " ws-selected" : "");
    li.dataset.id = c.id;
    const goal = this.goalName(c.goal_id);
    const shows = (c.codes || []).map((x) => this.label(x)).join(", ");
    // One line: when it runs first (it never breaks inside a time), then
    // what it is; a long title ends in "…" on the screen, read whole aloud.
    const when = `${this.short(c.start_frame)}–${this.short(c.end_frame)}`;
    const text = `${when} · ${c.working_point ? "Working point: " : ""}${c.title || "Clip"}${shows ? " · " + shows : ""}${goal ? " · goal: " + goal : ""}${c.caption ? " · " + c.caption : ""}${c.export_status && c.export_status !== "ready" ? " · video " + c.export_status : ""}`;
    const jump = button("ws-jump", text, () => { this.onJump(c.start_frame, c); this.openClip(c); });
    jump.title = `${text} (frames ${c.start_frame} to ${c.end_frame})`;
    jump.setAttribute("aria-expanded", this.clipSel === c.id ? "true" : "false");
    jump.setAttribute("aria-controls", "ws-clip-edit");
    const name = c.title || `from frame ${c.start_frame}`;
    const up = button("ws-move", "↑", () => this.move(c.id, -1));
    up.setAttribute("aria-label", `Move the clip ${name} up`);
    up.disabled = i === 0;
    const down = button("ws-move", "↓", () => this.move(c.id, 1));
    down.setAttribute("aria-label", `Move the clip ${name} down`);
    down.disabled = i === n - 1;
    const del = button("ws-del", "Delete", () => this.store.removeClip(c.id));
    del.setAttribute("aria-label", `Delete the clip ${name}`);
    li.append(jump, up, down, del);
    if (c.video_url) { // the clip as exported, to watch (downloads are the film's, when allowed)
      const a = Object.assign(document.createElement("a"), { href: c.video_url, className: "ws-clip-video", textContent: "Watch", target: "_blank" });
      a.setAttribute("aria-label", `Watch the clip ${name} as exported (opens in a new tab)`);
      li.append(a);
    }
    return li;
  }

  move(id, by) {
    if (!this.store.moveClip(id, by)) return;
    const li = this.clipsUl.querySelector(`li[data-id="${CSS.escape(id)}"]`);
    const b = li && li.querySelectorAll(".ws-move")[by < 0 ? 0 : 1];
    if (b && !b.disabled) b.focus(); else if (li) li.querySelector(".ws-jump").focus();
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
