// store.js: the recording's annotations and clips. Changes show at once
// (optimistic), go to the server one at a time through a queue that is kept
// in localStorage, so nothing is lost while offline or across a reload, and
// can be undone. Others' edits come in through the changes feed.

const api = "/api/v1";

async function call(method, url, body) {
  const res = await fetch(url, {
    method, credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json", Accept: "application/json" } : { Accept: "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  let data = null;
  if (res.status !== 204) data = await res.json().catch(() => null);
  return { status: res.status, data };
}

let tempSeq = 0;
const tempID = () => `tmp-${Date.now().toString(36)}-${tempSeq++}`;

export class Store extends EventTarget {
  // coding: "" for the recording's main coding, or a second coding's id (its
  // coder codes blind: only their own moments, no clips or stills).
  constructor(recording, coding = "") {
    super();
    this.rec = recording;
    this.coding = coding;
    this.q = coding ? `coding_id=${encodeURIComponent(coding)}` : "";
    this.annotations = new Map();
    this.clips = new Map();
    this.stills = new Map();
    this.cursor = "0";
    this.ids = new Map(); // temporary id -> the server's id
    this.undos = [];
    this.redos = [];
    this.key = coding ? `attune.queue.${recording}.${coding}` : `attune.queue.${recording}`;
    this.queue = JSON.parse(localStorage.getItem(this.key) || "[]");
    this.offline = false;
    this.error = "";
    this.sending = false;
    this.polls = 0;
  }

  changed() { this.dispatchEvent(new Event("change")); }
  status() { this.dispatchEvent(new Event("status")); }
  real(id) { return this.ids.get(id) || id; }

  async load() {
    const none = { status: 200, data: null };
    const [an, cl, st] = await Promise.all([
      call("GET", `${api}/recordings/${this.rec}/annotations` + (this.q ? `?${this.q}` : "")),
      this.coding ? none : call("GET", `${api}/recordings/${this.rec}/clips`),
      this.coding ? none : call("GET", `${api}/recordings/${this.rec}/stills`),
    ]);
    if (an.status === 403 && an.data && an.data.error) throw new Error(an.data.error.message);
    if (an.status !== 200) throw new Error("The coding of this recording could not be loaded. Reload the page to try again.");
    for (const a of an.data.annotations) this.annotations.set(a.id, a);
    this.cursor = an.data.cursor;
    for (const c of (cl.data && cl.data.clips) || []) this.clips.set(c.id, c);
    for (const s of (st.data && st.data.stills) || []) this.stills.set(s.id, s);
    this.replayQueue();
    this.changed();
    this.flush();
    setInterval(() => this.poll(), 2000);
    addEventListener("online", () => this.flush());
  }

  // replayQueue shows, after a reload, the changes still waiting to be sent.
  replayQueue() {
    for (const op of this.queue) {
      if (op.kind === "create-annotation") this.annotations.set(op.id, { ...op.body, id: op.id, version: 0, pending: true });
      if (op.kind === "create-clip") this.clips.set(op.id, { ...op.body, id: op.id, status: "saving", pending: true });
      if (op.kind === "delete-annotation") this.annotations.delete(op.id);
      if (op.kind === "delete-clip") this.clips.delete(op.id);
      if (op.kind === "update-annotation" && this.annotations.has(op.id)) this.annotations.set(op.id, { ...this.annotations.get(op.id), ...op.body, pending: true });
      if (op.kind === "update-clip" && this.clips.has(op.id)) this.clips.set(op.id, { ...this.clips.get(op.id), ...op.body, pending: true });
    }
  }

  enqueue(op) {
    this.queue.push(op);
    this.save();
    this.flush();
  }

  save() {
    try { localStorage.setItem(this.key, JSON.stringify(this.queue)); } catch { /* full: the queue stays in memory */ }
    this.status();
  }

  // flush sends the queued changes in order; a network failure stops it
  // until the connection returns.
  async flush() {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length) {
        const op = this.queue[0];
        let ok;
        try {
          ok = await this.send(op);
        } catch {
          this.offline = true;
          this.status();
          setTimeout(() => this.flush(), 3000);
          return;
        }
        this.offline = false;
        if (!ok) this.undoLocal(op);
        this.queue.shift();
        this.save();
      }
    } finally {
      this.sending = false;
      this.status();
    }
  }

  // send does one change; it returns false when the server refused it.
  async send(op) {
    const id = this.real(op.id);
    if (id.startsWith("tmp-") && !op.kind.startsWith("create")) return true; // never saved, already gone
    let r;
    switch (op.kind) {
      case "create-annotation":
        r = await call("POST", `${api}/recordings/${this.rec}/annotations`, op.body);
        if (r.status === 201) { this.ids.set(op.id, r.data.id); this.annotations.delete(op.id); this.annotations.set(r.data.id, r.data); }
        break;
      case "update-annotation":
        r = await this.patch(id, op.body);
        break;
      case "delete-annotation": {
        r = await call("DELETE", `${api}/annotations/${id}` + (op.version ? `?version=${op.version}` : ""));
        if (r.status === 404) r.status = 204;
        if (r.status === 409) { this.annotations.set(id, r.data.current); this.note("Someone changed this moment while you deleted it: it is kept, with their change."); r.status = 204; }
        else if (r.status === 204) this.annotations.delete(id);
        break;
      }
      case "create-clip":
        r = await call("POST", `${api}/recordings/${this.rec}/clips`, op.body);
        if (r.status === 201) { this.ids.set(op.id, r.data.id); this.clips.delete(op.id); this.clips.set(r.data.id, r.data); }
        break;
      case "update-clip":
        r = await this.patchClip(id, op.body);
        break;
      case "delete-clip":
        r = await call("DELETE", `${api}/clips/${id}`);
        if (r.status === 404) r.status = 204;
        if (r.status === 204) this.clips.delete(id);
        break;
    }
    if (r.status >= 500) throw new Error("server");
    if (r.status >= 400) { this.note((r.data && r.data.error && r.data.error.message) || "That change could not be saved."); this.changed(); return false; }
    this.error = "";
    this.changed();
    return true;
  }

  // patch sends a change with the version it was made on; when someone else
  // changed the annotation first, the fields changed here go on top of theirs.
  async patch(id, body) {
    const cur = this.annotations.get(id);
    let r = await call("PATCH", `${api}/annotations/${id}`, { ...body, version: cur ? cur.version : undefined });
    if (r.status === 409 && r.data && r.data.current) {
      r = await call("PATCH", `${api}/annotations/${id}`, { ...body, version: r.data.current.version });
    }
    if (r.status === 200) this.annotations.set(id, r.data);
    return r;
  }

  // patchClip is patch for a clip; a clip's 409 has no copy, so it is fetched.
  async patchClip(id, body) {
    const cur = this.clips.get(id);
    let r = await call("PATCH", `${api}/clips/${id}`, { ...body, version: cur && cur.version ? cur.version : undefined });
    if (r.status === 409) {
      const g = await call("GET", `${api}/clips/${id}`);
      if (g.status === 200) r = await call("PATCH", `${api}/clips/${id}`, { ...body, version: g.data.version });
    }
    if (r.status === 200) {
      this.clips.set(id, r.data);
      if ("position" in body) await this.reloadClips();
    }
    return r;
  }

  // reloadClips takes the clips' order and versions from the server, but
  // keeps those with changes still waiting to be sent.
  async reloadClips() {
    const r = await call("GET", `${api}/recordings/${this.rec}/clips`);
    if (r.status !== 200) return false;
    return this.mergeClips(r.data.clips, new Set(this.queue.slice(1).map((op) => this.real(op.id))));
  }

  // mergeClips takes the server's clips (order, edges, titles others set),
  // keeping those with changes still waiting here; a clip gone from the
  // server is gone here too unless it is still being created. It says
  // whether anything changed.
  mergeClips(list, waiting) {
    let any = false;
    const seen = new Set();
    for (const c of list) {
      seen.add(c.id);
      if (waiting.has(c.id)) continue;
      const mine = this.clips.get(c.id);
      if (!mine || mine.version !== c.version || mine.position !== c.position || mine.status !== c.status || mine.pending) { this.clips.set(c.id, c); any = true; }
    }
    for (const id of [...this.clips.keys()]) {
      if (!seen.has(id) && !id.startsWith("tmp-") && !waiting.has(id)) { this.clips.delete(id); any = true; }
    }
    return any;
  }

  // pollClips follows clips and stills changed in another tab or by a
  // colleague; it waits while this page has clip changes to send.
  async pollClips() {
    if (this.queue.some((op) => op.kind.endsWith("-clip"))) return;
    const [cl, st] = await Promise.all([call("GET", `${api}/recordings/${this.rec}/clips`), call("GET", `${api}/recordings/${this.rec}/stills`)]);
    if (this.queue.some((op) => op.kind.endsWith("-clip"))) return;
    let any = cl.status === 200 && this.mergeClips(cl.data.clips, new Set());
    if (st.status === 200) {
      for (const x of st.data.stills) {
        const mine = this.stills.get(x.id);
        if (!mine || mine.status !== x.status || mine.caption !== x.caption) { this.stills.set(x.id, x); any = true; }
      }
    }
    if (any) this.changed();
  }

  undoLocal(op) {
    if (op.kind === "create-annotation") this.annotations.delete(op.id);
    if (op.kind === "create-clip") this.clips.delete(op.id);
    // A refused change: show what the server has again.
    const id = this.real(op.id);
    if (op.kind === "update-annotation") call("GET", `${api}/annotations/${id}`).then((r) => { if (r.status === 200) { this.annotations.set(id, r.data); this.changed(); } }).catch(() => {});
    if (op.kind === "update-clip") this.reloadClips().then(() => this.changed()).catch(() => {});
  }

  note(msg) { this.error = msg; this.status(); }

  // poll merges the changes others made (and this page's own, already shown).
  async poll() {
    if (this.polling || this.offline) return;
    this.polling = true;
    try {
      for (let more = true; more;) {
        const r = await call("GET", `${api}/recordings/${this.rec}/annotations/changes?since=${this.cursor}` + (this.q ? `&${this.q}` : ""));
        if (r.status !== 200) return;
        let any = false;
        for (const a of r.data.changes) {
          const mine = this.annotations.get(a.id);
          if (a.deleted) { any = any || this.annotations.delete(a.id); continue; }
          if (!mine || mine.version < a.version) { this.annotations.set(a.id, a); any = true; }
        }
        this.cursor = r.data.cursor;
        more = r.data.more;
        if (any) this.changed();
      }
      if (++this.polls % 2 === 0) await this.pollClips();
    } catch {
      /* offline: the next poll tries again */
    } finally {
      this.polling = false;
    }
  }

  // Changes a person makes: each is shown now, queued, and undoable.

  addAnnotation(body, record = true) {
    if (this.coding) body = { ...body, coding_id: this.coding };
    const id = tempID();
    const handle = { id };
    this.annotations.set(id, { ...body, id, version: 0, pending: true });
    this.enqueue({ kind: "create-annotation", id, body });
    if (record) this.record("code a moment", () => this.removeAnnotation(this.real(handle.id), false),
      () => { handle.id = this.addAnnotation(body, false); });
    this.changed();
    return id;
  }

  removeAnnotation(id, record = true) {
    const a = this.annotations.get(id);
    if (!a) return;
    this.annotations.delete(id);
    this.enqueue({ kind: "delete-annotation", id, version: a.version || 0 });
    if (record) {
      const body = pick(a);
      const handle = { id };
      this.record("delete a moment", () => { handle.id = this.addAnnotation(body, false); }, () => this.removeAnnotation(this.real(handle.id), false));
    }
    this.changed();
  }

  addClip(body, record = true) {
    const id = tempID();
    const handle = { id };
    this.clips.set(id, { ...body, id, status: "saving", pending: true });
    this.enqueue({ kind: "create-clip", id, body });
    if (record) this.record("mark a clip", () => this.removeClip(this.real(handle.id), false), () => { handle.id = this.addClip(body, false); });
    this.changed();
    return id;
  }

  removeClip(id, record = true) {
    const c = this.clips.get(id);
    if (!c) return;
    this.clips.delete(id);
    this.enqueue({ kind: "delete-clip", id });
    if (record) {
      const body = { start_frame: c.start_frame, end_frame: c.end_frame, title: c.title, caption: c.caption || "", codes: c.codes || [],
        goal_id: c.goal_id || "", working_point: !!c.working_point };
      const handle = { id };
      this.record("delete a clip", () => { handle.id = this.addClip(body, false); }, () => this.removeClip(this.real(handle.id), false));
    }
    this.changed();
  }

  // updateAnnotation changes some fields of a moment: shown now, queued,
  // undoable. A 409 on sending puts these fields on top of the other change.
  updateAnnotation(id, fields, record = true) {
    const a = this.annotations.get(id);
    if (!a) return;
    const before = {};
    for (const k of Object.keys(fields)) before[k] = a[k] ?? "";
    this.annotations.set(id, { ...a, ...fields, pending: true });
    this.enqueue({ kind: "update-annotation", id, body: fields });
    if (record) this.record("change a moment", () => this.updateAnnotation(this.real(id), before, false), () => this.updateAnnotation(this.real(id), fields, false));
    this.changed();
  }

  // updateClip retitles, trims or flags a clip the same way.
  updateClip(id, fields, record = true) {
    const c = this.clips.get(id);
    if (!c) return;
    const before = {};
    for (const k of Object.keys(fields)) before[k] = c[k] ?? (k === "working_point" ? false : k === "codes" ? [] : "");
    this.clips.set(id, { ...c, ...fields, pending: true });
    this.enqueue({ kind: "update-clip", id, body: fields });
    if (record) this.record("change a clip", () => this.updateClip(this.real(id), before, false), () => this.updateClip(this.real(id), fields, false));
    this.changed();
  }

  // moveClip moves a clip one place up (-1) or down (+1) in the order;
  // undo moves it back.
  moveClip(id, by, record = true) {
    const order = this.orderedClips();
    const i = order.findIndex((c) => c.id === id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= order.length) return false;
    const [c] = order.splice(i, 1);
    order.splice(j, 0, c);
    order.forEach((o, n) => this.clips.set(o.id, { ...o, position: n }));
    this.clips.set(id, { ...this.clips.get(id), pending: true });
    this.enqueue({ kind: "update-clip", id, body: { position: j } });
    if (record) this.record("move a clip", () => this.moveClip(this.real(id), -by, false), () => this.moveClip(this.real(id), by, false));
    this.changed();
    return true;
  }

  orderedClips() {
    return [...this.clips.values()].sort((x, y) => (x.position ?? 1e9) - (y.position ?? 1e9) || x.start_frame - y.start_frame);
  }

  record(label, undo, redo) {
    this.undos.push({ label, undo, redo });
    this.redos = [];
  }

  undo() {
    const u = this.undos.pop();
    if (!u) return "";
    u.undo();
    this.redos.push(u);
    return u.label;
  }

  redo() {
    const u = this.redos.pop();
    if (!u) return "";
    u.redo();
    this.undos.push(u);
    return u.label;
  }

  // takeStill asks the server for the exact frame and follows the job.
  async takeStill(frame) {
    const r = await call("POST", `${api}/recordings/${this.rec}/stills`, { frame, caption: "" });
    if (r.status !== 201) { this.note((r.data && r.data.error && r.data.error.message) || "The still could not be taken."); return; }
    this.stills.set(r.data.id, r.data);
    this.changed();
    for (let i = 0; i < 120; i++) {
      const s = this.stills.get(r.data.id);
      if (!s || s.status === "ready" || s.status === "failed") break;
      await new Promise((ok) => setTimeout(ok, 500));
      const g = await call("GET", `${api}/stills/${r.data.id}`).catch(() => null);
      if (g && g.status === 200) { this.stills.set(g.data.id, g.data); this.changed(); }
    }
    return this.stills.get(r.data.id);
  }
}

function pick(a) {
  const out = { start_frame: a.start_frame, end_frame: a.end_frame, code: a.code };
  if (a.note) out.note = a.note;
  if (a.participant_id) out.participant_id = a.participant_id;
  if (a.goal_id) out.goal_id = a.goal_id;
  return out;
}
