// main.js: the micro-analysis workspace: loads the frame table, the scheme
// and the coding, then wires the player, timeline, palette, keys and list.

import { Player, timecode } from "./player.js";
import { Store } from "./store.js";
import { Keys, Palette, HelpOverlay, label as keyLabel } from "./coding.js";
import { Timeline } from "./timeline.js";
import { List } from "./list.js";

const root = document.getElementById("ws");
const rec = root.dataset.recording;
const $ = (id) => document.getElementById(id);
const syncLine = $("ws-sync");

async function getJSON(url) {
  const r = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(url);
  return r.json();
}

async function start() {
  const schemeP = getJSON(`/api/v1/schemes/${root.dataset.scheme}`);
  const pts = (await getJSON(`/api/v1/recordings/${rec}/frames`)).pts_ms;
  // The player starts first: the picture needs only the frame table.
  const player = new Player($("ws-video"), pts);
  const ws = { player, pts, inFrame: null, outFrame: null, playerMs: performance.now() };
  window.attuneWorkspace = ws;
  player.addEventListener("frame", (e) => showFrame(ws, e.detail));
  player.ready().then(() => { ws.firstFrameMs = performance.now(); });
  if (player.painted < 0) player.seek(0);
  placeWorkspace();
  addEventListener("resize", placeWorkspace);
  const codes = (await schemeP).codes.filter((c) => !c.retired);
  const people = JSON.parse(root.dataset.participants || "[]");
  const store = new Store(rec, root.dataset.coding || "");
  const keys = new Keys(codes);
  Object.assign(ws, { store, keys, codes });

  const timeline = new Timeline($("ws-canvas"), {
    pts, codes,
    onSeek: (f) => player.seek(f),
    onSelect: (a, b) => { setInOut(ws, a, b); $("ws-save-clip").hidden = !!root.dataset.coding; },
    onTrim: (id, edge, f) => trimTo(ws, ws.store.clips.get(ws.store.real(id)), edge, f),
  });
  ws.timeline = timeline;
  const list = new List({ store, codes, participants: people, pts, onJump: (f) => { player.seek(f); }, onClip: (c) => clipChosen(ws, c) });
  ws.list = list;
  ws.edge = "in";
  getJSON(`/api/v1/cases/${root.dataset.case}/goals`).then((g) => list.setGoals(g.goals || [])).catch(() => {});
  for (const b of root.querySelectorAll("button[data-trim]")) b.addEventListener("click", () => trim(ws, b.dataset.trim, Number(b.dataset.by)));
  $("ws-clip-play").addEventListener("click", () => playClip(ws));
  $("ws-import").addEventListener("change", () => importCSV(ws));
  const palette = new Palette($("ws-codes"), codes, keys, (code, span) => applyCode(ws, code, span));
  ws.palette = palette;
  const help = new HelpOverlay($("ws-help"), keys, () => { palette.refresh(); showTrimKeys(ws); });
  ws.help = help;
  showTrimKeys(ws);
  for (const p of people) $("ws-participant").append(new Option(p.name, p.id));
  ws.people = people;
  // A control used, the keys work again: focus goes back to the player.
  for (const id of ["ws-participant", "ws-span-mode", "ws-filter-code", "ws-filter-who", "ws-filter-goal"]) $(id).addEventListener("change", () => toPlayer());
  $("ws-participant").addEventListener("change", () => {
    const who = $("ws-participant").selectedOptions[0];
    if (who && who.value) flash(`The next code goes to ${who.textContent}.`);
  });

  player.addEventListener("rate", (e) => { $("ws-rate").textContent = fmtRate(e.detail); });
  const v = $("ws-video");
  v.addEventListener("play", () => { $("ws-play").textContent = "Pause"; });
  v.addEventListener("pause", () => { $("ws-play").textContent = "Play"; });
  store.addEventListener("change", () => { list.render(); timeline.annotations = [...store.annotations.values()]; timeline.clips = [...store.clips.values()]; timeline.draw(); });
  store.addEventListener("status", () => showSync(store));

  document.addEventListener("keydown", (e) => onKey(ws, e));
  root.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-action]");
    if (b) act(ws, b.dataset.action);
    // A mouse or finger used a player or code button: the keys go back to
    // the player (a button pressed from the keyboard keeps its focus).
    if (e.detail > 0 && e.target.closest(".ws-transport button, .ws-tools button, .ws-code, .ws-timeline-bar button")) toPlayer();
  });
  $("ws-help-open").addEventListener("click", () => help.show());
  $("ws-save-clip").addEventListener("click", () => { saveClip(ws); });
  addEventListener("offline", () => showSync(store));
  addEventListener("online", () => showSync(store));

  await store.load().catch((err) => { syncLine.textContent = err.message; });
  showSync(store);
  offerSchemes(ws);
  timeline.loadExtras(rec);
  await player.ready();
  timeline.setFrame(player.painted);
  root.dataset.ready = "true"; // painted, and every key and button wired
}

// offerSchemes lets a guider choose the film's coding scheme while nothing
// is coded yet (one scheme per film); the page restarts with its codes.
async function offerSchemes(ws) {
  const list = (await getJSON("/api/v1/schemes").catch(() => ({ schemes: [] }))).schemes || [];
  if (list.length < 2) return;
  const sel = $("ws-scheme");
  for (const sc of list) sel.append(new Option(sc.name, sc.id, false, sc.id === root.dataset.scheme));
  $("ws-scheme-box").hidden = false;
  const lock = () => {
    const coded = ws.store.annotations.size + ws.store.clips.size > 0;
    sel.disabled = coded;
    $("ws-scheme-hint").textContent = coded ? "This recording is coded with this scheme: it can't change once moments or clips exist." : "Choose before the first moment: a recording is coded with one scheme.";
  };
  lock();
  ws.store.addEventListener("change", lock);
  sel.addEventListener("change", async () => {
    const r = await fetch(`/api/v1/recordings/${rec}/scheme`, {
      method: "PUT", credentials: "same-origin", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ scheme_id: sel.value }),
    }).catch(() => null);
    if (r && r.ok) { location.reload(); return; }
    const data = r && await r.json().catch(() => null);
    say((data && data.error && data.error.message) || "The scheme could not be changed: check the connection and try again.");
    sel.value = root.dataset.scheme;
  });
}

function fmtRate(r) { return (r < 1 ? r.toFixed(r < 0.2 ? 1 : 2).replace(/0$/, "") : String(r)) + "×"; }

// showFrame is the only writer of the readout: it runs when a frame is painted.
function showFrame(ws, n) {
  $("ws-frame").textContent = String(n);
  $("ws-tc").textContent = timecode(ws.pts[n]);
  if (ws.timeline) ws.timeline.setFrame(n);
}

function showSync(store) {
  const waiting = store.queue.length;
  let text = "All changes saved.";
  if (store.offline || !navigator.onLine) {
    text = `You're offline: ${waiting} change${waiting === 1 ? "" : "s"} kept on this device, sent when the connection returns.`;
  } else if (waiting) text = `Saving ${waiting} change${waiting === 1 ? "" : "s"}…`;
  if (store.error) text = store.error + " " + text;
  syncLine.textContent = text;
  syncLine.dataset.state = store.offline ? "offline" : waiting ? "saving" : "saved";
}

function onKey(ws, e) {
  if (ws.help.isOpen) return; // the dialog has its own keys
  const t = e.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) && t.type !== "checkbox") return;
  if (t && t.tagName === "BUTTON" && (e.key === " " || e.key === "Enter")) return; // a focused button's own keys
  const m = ws.keys.match(e);
  if (!m) return;
  e.preventDefault();
  if (m.code) applyCode(ws, m.code, m.span);
  else act(ws, m.action);
}

// current is the frame a key press acts on: the frame painted (reported by
// requestVideoFrameCallback), never a seek still on its way.
// The picture is held there, so it doesn't move on from a marked frame.
function current(ws) { const f = ws.player.hold(); return f < 0 ? 0 : f; }

// placeWorkspace tells the stylesheet where the workspace starts, so on a
// laptop it fills the rest of the screen exactly.
function placeWorkspace() {
  root.style.setProperty("--ws-top", `${Math.round(root.getBoundingClientRect().top + scrollY)}px`);
}

// toPlayer puts the focus back on the player, where the keys work.
function toPlayer() { $("ws-screen").focus({ preventScroll: true }); }

// flash shows a brief confirmation over the picture; it is also announced
// (the toast is a polite live region).
let flashTimer = 0;
function flash(text) {
  const t = $("ws-toast");
  t.textContent = text;
  t.dataset.on = "true";
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => { t.dataset.on = "false"; }, 1800);
}

function codeLabel(ws, code) {
  const c = ws.codes.find((x) => x.code === code);
  return c ? c.label : code;
}

// A second coding is moments only: clips and stills belong to the main one.
const clipActions = new Set(["markIn", "markOut", "still", "trimEdge", "trimBack", "trimFwd"]);

function act(ws, action) {
  const p = ws.player;
  if (ws.store.coding && clipActions.has(action)) {
    say("In a second coding you code moments only: clips and stills are made in the guider's coding.");
    return;
  }
  switch (action) {
    case "play": p.toggle(); break;
    case "pause": if (p.playing) p.pause(); break;
    case "frameBack": p.step(-1); break;
    case "frameFwd": p.step(1); break;
    case "secBack": p.jump(-1); break;
    case "secFwd": p.jump(1); break;
    case "slower": p.slower(); break;
    case "faster": p.faster(); break;
    case "markIn": setInOut(ws, current(ws), null); flash(`In-point at frame ${ws.inFrame}.`); break;
    case "markOut": setInOut(ws, ws.inFrame, current(ws)); saveClip(ws); break;
    case "loop": toggleLoop(ws); break;
    case "still": takeStill(ws); break;
    case "undo": { const l = ws.store.undo(); flash(l ? `Undone: ${l}.` : "Nothing to undo."); break; }
    case "redo": { const l = ws.store.redo(); flash(l ? `Done again: ${l}.` : "Nothing to redo."); break; }
    case "zoomIn": ws.timeline.zoom(0.5); break;
    case "zoomOut": ws.timeline.zoom(2); break;
    case "zoomAll": ws.timeline.all(); break;
    case "help": ws.help.show(); break;
    case "trimEdge": chooseEdge(ws, ws.edge === "in" ? "out" : "in"); break;
    case "trimBack": trim(ws, ws.edge, -1); break;
    case "trimFwd": trim(ws, ws.edge, 1); break;
  }
}

function say(text) { $("ws-sync").textContent = text; }

function setInOut(ws, a, b) {
  ws.inFrame = a;
  ws.outFrame = b;
  $("ws-in").textContent = a == null ? "–" : String(a);
  $("ws-out").textContent = b == null ? "–" : String(b);
  ws.timeline.sel = a != null && b != null ? [Math.min(a, b), Math.max(a, b)] : a != null ? [a, a] : null;
  ws.timeline.draw();
}

function saveClip(ws) {
  const a = ws.inFrame, b = ws.outFrame;
  if (a == null || b == null) { say("Mark the in-point first (I), then the out-point (O)."); flash("Mark the in-point first (I)."); return; }
  const start = Math.min(a, b), end = Math.max(a, b);
  ws.store.addClip({ start_frame: start, end_frame: end, title: `Clip at ${timecode(ws.pts[start])}`, codes: [] });
  $("ws-save-clip").hidden = true;
  ws.lastClip = [start, end];
  say(`Clip from frame ${start} to ${end} marked.`);
  flash(`Clip marked: frames ${start} to ${end}.`);
}

function toggleLoop(ws) {
  const sel = ws.timeline.sel || ws.lastClip;
  const btn = $("ws-loop");
  if (ws.player.loop || !sel || sel[0] === sel[1]) {
    ws.player.loop = null;
    btn.setAttribute("aria-pressed", "false");
    return;
  }
  ws.player.loop = [sel[0], sel[1]];
  btn.setAttribute("aria-pressed", "true");
  ws.player.seek(sel[0]);
  ws.player.play();
}

// applyCode codes the frame painted: a point, or with span the start of a
// span (and the second time, its end).
function applyCode(ws, code, span) {
  const f = current(ws);
  const whoSel = $("ws-participant");
  const who = whoSel.value;
  const body = { code, start_frame: f, end_frame: f };
  if (who) body.participant_id = who;
  const open = ws.palette.open;
  const label = codeLabel(ws, code);
  flashCode(code);
  if (span && !open.has(code)) {
    open.set(code, f);
    ws.palette.refresh();
    say(`Span started at frame ${f}: press Shift and the key again to end it.`);
    flash(`“${label}” starts at frame ${f}: press it again to end.`);
    return;
  }
  if (open.has(code)) {
    const s = open.get(code);
    open.delete(code);
    body.start_frame = Math.min(s, f);
    body.end_frame = Math.max(s, f);
    ws.palette.refresh();
  }
  ws.store.addAnnotation(body);
  const name = who ? ` · ${whoSel.selectedOptions[0].textContent}` : "";
  const at = body.start_frame === body.end_frame ? `frame ${f}` : `frames ${body.start_frame} to ${body.end_frame}`;
  flash(`Coded “${label}”${name} at ${at}.`);
  whoSel.value = ""; // whose initiative goes on one code only
}

// flashCode lights the code's button for a moment.
function flashCode(code) {
  const b = document.querySelector(`.ws-code[data-code="${CSS.escape(code)}"]`);
  if (!b) return;
  b.dataset.flash = "true";
  setTimeout(() => { b.dataset.flash = "false"; }, 500);
}

async function takeStill(ws) {
  const f = current(ws);
  say(`Taking a still of frame ${f}…`);
  flash(`Taking a still of frame ${f}…`);
  const s = await ws.store.takeStill(f).catch(() => null);
  if (!s && !navigator.onLine) say("A still is made on the server: take it again when the connection returns.");
  if (s) say(s.status === "ready" ? `The still of frame ${f} is ready: it is under Stills.` : `The still of frame ${f} could not be made. ${s.error || "Try again."}`);
}

// The clip editor: the clip chosen, its edges, replay and trim.

function clipChosen(ws, c) {
  if (!c) { stopClip(ws); return; }
  chooseEdge(ws, ws.edge);
}

function chooseEdge(ws, edge) {
  ws.edge = edge;
  $("ws-clip-edge").textContent = edge;
  const c = ws.list.selectedClip();
  if (c) {
    ws.player.seek(edge === "in" ? c.start_frame : c.end_frame);
    say(`Trimming the clip's ${edge === "in" ? "in-point" : "out-point"}.`);
  }
}

function showTrimKeys(ws) {
  const k = ws.keys.map;
  $("ws-trim-edge-key").textContent = keyLabel(k.trimEdge || "") || "none";
  $("ws-trim-back-key").textContent = keyLabel(k.trimBack || "") || "none";
  $("ws-trim-fwd-key").textContent = keyLabel(k.trimFwd || "") || "none";
}

// trim moves one edge of the chosen clip by a frame and shows that frame.
function trim(ws, edge, by) {
  const c = ws.list.selectedClip();
  if (!c) { say("Choose a clip in the list first, then trim it."); return; }
  ws.edge = edge;
  $("ws-clip-edge").textContent = edge;
  trimTo(ws, c, edge, (edge === "in" ? c.start_frame : c.end_frame) + by);
}

// trimTo puts one edge of clip c on frame f (kept inside the film and not
// past the other edge), saves it (undoable) and shows that frame.
function trimTo(ws, c, edge, f) {
  if (!c) return;
  const last = ws.pts.length - 1;
  let s = c.start_frame, e = c.end_frame;
  if (edge === "in") s = Math.min(Math.max(0, f), e);
  else e = Math.max(Math.min(last, f), s);
  if (s === c.start_frame && e === c.end_frame) { say(edge === "in" ? "The in-point can't move further." : "The out-point can't move further."); return; }
  const fields = edge === "in" ? { start_frame: s } : { end_frame: e };
  ws.store.updateClip(c.id, fields);
  ws.player.seek(edge === "in" ? s : e);
  if (ws.player.loop) ws.player.loop = [s, e];
  say(`The clip now runs from frame ${s} to ${e}.`);
}

// playClip replays the chosen clip, looping between its frames, or stops.
function playClip(ws) {
  const c = ws.list.selectedClip();
  if (!c) return;
  if ($("ws-clip-play").getAttribute("aria-pressed") === "true") { stopClip(ws); return; }
  ws.player.loop = [c.start_frame, c.end_frame];
  $("ws-loop").setAttribute("aria-pressed", "true");
  $("ws-clip-play").setAttribute("aria-pressed", "true");
  $("ws-clip-play").textContent = "Stop playing the clip";
  ws.player.seek(c.start_frame);
  ws.player.play();
}

function stopClip(ws) {
  if ($("ws-clip-play").getAttribute("aria-pressed") !== "true") return;
  ws.player.loop = null;
  ws.player.pause();
  $("ws-loop").setAttribute("aria-pressed", "false");
  $("ws-clip-play").setAttribute("aria-pressed", "false");
  $("ws-clip-play").textContent = "Play this clip again and again";
}

// importCSV sends a coding CSV to the server and says what came of it.
async function importCSV(ws) {
  const input = $("ws-import"), out = $("ws-import-result");
  const file = input.files && input.files[0];
  if (!file) return;
  out.dataset.state = "working";
  out.textContent = `Importing ${file.name}…`;
  try {
    const r = await fetch(`/api/v1/recordings/${rec}/annotations.csv`, {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "text/csv", Accept: "application/json" }, body: await file.text(),
    });
    const data = await r.json().catch(() => null);
    if (r.ok) {
      out.dataset.state = "done";
      out.textContent = `Imported ${file.name}: ${data.created} moment${data.created === 1 ? "" : "s"} added, ${data.updated} changed.`;
      await ws.store.poll();
    } else {
      out.dataset.state = "error";
      const msg = data && data.error && data.error.message;
      out.textContent = msg ? `${file.name}: ${msg}${/Nothing was imported/.test(msg) ? "" : " Nothing was imported."}` : `Nothing was imported from ${file.name}: the file could not be read.`;
    }
  } catch {
    out.dataset.state = "error";
    out.textContent = "Nothing was imported: the connection dropped. Try again when you're back online.";
  }
  input.value = "";
}

start().catch((err) => {
  syncLine.textContent = "The workspace could not start: reload the page to try again.";
  console.error(err);
});
