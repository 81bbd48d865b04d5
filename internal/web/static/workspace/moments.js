// moments.js: the "Suggested moments" lane (issue 18). It reads what the
// moment finder heard in the film's sound, shows who speaks when in two
// colours, lists the suggestions, and lets the guider move between them
// (] and [), accept one as a coded moment (A, choosing the code) or as a
// clip (C), or dismiss it (X). It starts once the workspace (main.js) is ready.

const box = document.getElementById("ws-sugg");
const $ = (id) => document.getElementById(id);
const rec = box.dataset.recording;
const state = { list: [], current: -1, ws: null, data: null };

async function call(method, url, body) {
  const opt = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) { opt.headers["Content-Type"] = "application/json"; opt.body = JSON.stringify(body); }
  const r = await fetch(url, opt).catch(() => null);
  if (!r) return { status: 0, data: null };
  return { status: r.status, data: await r.json().catch(() => null) };
}

function say(text) { $("ws-sugg-status").textContent = text; }

const clock = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

async function whenReady() {
  const root = document.getElementById("ws");
  while (!(window.attuneWorkspace && root.dataset.ready === "true")) await new Promise((r) => setTimeout(r, 100));
  return window.attuneWorkspace;
}

async function load() {
  const r = await call("GET", `/api/v1/recordings/${rec}/moments`);
  box.hidden = false;
  if (r.status !== 200 || !r.data) { say("The suggested moments could not be loaded. Reload the page to try again."); return; }
  const d = r.data;
  state.data = d;
  switch (d.status) {
    case "not_consented":
      say("No suggestions: the family has not agreed to attune listening to the recordings' sound (the consent “analysis”). Record that consent on the case to have moments suggested.");
      return;
    case "no_audio": say("No sound in this recording, so no moments can be suggested from it."); return;
    case "failed": say(d.error || "attune couldn't listen to this recording's sound."); return;
    case "processing":
      say(`attune is listening to the sound for moments (${Math.round((d.progress || 0) * 100)} %)…`);
      setTimeout(load, 3000);
      return;
  }
  state.list = d.suggestions || [];
  drawWho(d.utterances || []);
  render();
  const n = state.list.length;
  const turns = `${d.turn_count} turn${d.turn_count === 1 ? "" : "s"} (${(d.turns_per_minute || 0).toFixed(1)} a minute)`;
  say(n ? `${n} suggested moment${n === 1 ? "" : "s"}, ${turns}: an estimate from the sound.`
    : `No moment where the child starts and an adult answers within 3 s was heard; ${turns}. An estimate from the sound.`);
}

function durationMs() {
  const pts = state.ws.pts;
  return Number(box.dataset.duration) || (pts.length ? pts[pts.length - 1] : 1);
}

// Colours of who speaks, here and on the timeline's sound lane (moments.css).
const ADULT = "#5aa9e6", CHILD = "#f2b84b", OTHER = "#6b7780";

// colourSound makes the timeline paint its waveform by who speaks.
function colourSound(utts) {
  const tl = state.ws.timeline;
  if (!tl || !utts.length) return;
  tl.speakerAt = (ms) => {
    let lo = 0, hi = utts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1, u = utts[mid];
      if (ms < u.start_ms) hi = mid - 1;
      else if (ms >= u.end_ms) lo = mid + 1;
      else return u.speaker === "child" ? CHILD : ADULT;
    }
    return OTHER;
  };
  tl.draw();
}

function drawWho(utts) {
  colourSound(utts);
  const lane = $("ws-who-lane");
  const total = durationMs();
  lane.replaceChildren(...utts.map((u) => {
    const s = document.createElement("span");
    s.className = u.speaker === "child" ? "ws-who-child" : "ws-who-adult";
    s.style.left = `${(100 * u.start_ms) / total}%`;
    s.style.width = `${(100 * (u.end_ms - u.start_ms)) / total}%`;
    return s;
  }));
  lane.hidden = $("ws-who-key").hidden = utts.length === 0;
}

function render() {
  const frames = Math.max(1, state.ws.pts.length - 1);
  const lane = $("ws-sugg-lane");
  lane.replaceChildren(...state.list.map((s, i) => {
    const el = document.createElement("span");
    el.className = "ws-sugg-span" + (i === state.current ? " is-current" : "");
    el.dataset.state = s.state;
    el.style.left = `${(100 * s.start_frame) / frames}%`;
    el.style.width = `${(100 * (s.end_frame - s.start_frame)) / frames}%`;
    return el;
  }));
  $("ws-sugg-list").replaceChildren(...state.list.map((s, i) => item(s, i)));
}

function item(s, i) {
  const li = document.createElement("li");
  li.dataset.state = s.state;
  li.dataset.id = s.id;
  if (i === state.current) li.className = "is-current";
  const go = document.createElement("button");
  go.type = "button";
  go.className = "ws-jump";
  go.textContent = `${clock(state.ws.pts[s.start_frame])} · ${s.label}`;
  go.addEventListener("click", () => choose(i));
  li.append(go);
  if (s.state === "new") {
    li.append(button("Accept…", `Accept “${s.label}” as a coded moment`, () => { choose(i); openAccept(); }));
    li.append(button("Clip", `Save “${s.label}” as a clip`, () => { choose(i); clip(); }));
    li.append(button("Dismiss", `Dismiss “${s.label}”`, () => { choose(i); dismiss(); }));
  } else {
    const st = document.createElement("span");
    st.className = "ws-sugg-state";
    st.textContent = s.state === "accepted" ? "Accepted" : "Dismissed";
    li.append(st);
  }
  return li;
}

function button(text, label, fn) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "ws-btn";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.addEventListener("click", fn);
  return b;
}

function choose(i) {
  if (i < 0 || i >= state.list.length) return;
  state.current = i;
  const s = state.list[i];
  state.ws.player.seek(s.start_frame);
  render();
  say(`Suggestion ${i + 1} of ${state.list.length}: ${s.label} (frames ${s.start_frame}–${s.end_frame}).`);
}

// step moves to the next (+1) or previous (-1) suggestion from the one
// chosen, or from the frame shown when none is.
function step(by) {
  const n = state.list.length;
  if (!n) { say("There are no suggested moments in this recording."); return; }
  let i = state.current;
  if (i < 0) {
    const f = Math.max(0, state.ws.player.frame);
    i = by > 0 ? state.list.findIndex((s) => s.start_frame >= f) : state.list.findLastIndex((s) => s.start_frame < f);
    if (i < 0) i = by > 0 ? 0 : n - 1;
  } else i = (i + by + n) % n;
  choose(i);
}

function current() {
  const s = state.list[state.current];
  if (!s) { say("Choose a suggestion first: ] goes to the next one."); return null; }
  if (s.state !== "new") { say(`This suggestion was already ${s.state}.`); return null; }
  return s;
}

function openAccept() {
  const s = current();
  if (!s) return;
  const sel = $("ws-sugg-code");
  if (!sel.options.length) {
    for (const c of state.ws.codes) {
      sel.append(new Option(c.label, c.code));
      for (const sub of c.subcodes || []) sel.append(new Option(`${c.label} › ${sub.label}`, sub.code));
    }
    if ([...sel.options].some((o) => o.value === "receiving-initiatives")) sel.value = "receiving-initiatives";
  }
  $("ws-sugg-which").textContent = `“${s.label}”`;
  $("ws-sugg-accept").hidden = false;
  sel.focus();
}

async function accept(e) {
  e.preventDefault();
  const s = current();
  if (!s) return;
  const code = $("ws-sugg-code").value;
  const r = await call("POST", `/api/v1/suggestions/${s.id}/accept`, { code });
  if (r.status !== 201) { say((r.data && r.data.error && r.data.error.message) || "Not saved: check the connection and try again."); return; }
  s.state = "accepted";
  $("ws-sugg-accept").hidden = true;
  if (state.ws.store && state.ws.store.poll) state.ws.store.poll();
  render();
  say(`Coded as “${$("ws-sugg-code").selectedOptions[0].text}” from frame ${r.data.start_frame} to ${r.data.end_frame}.`);
  $("ws-sugg-list").querySelector(`li[data-id="${s.id}"] .ws-jump`)?.focus();
}

async function clip() {
  const s = current();
  if (!s) return;
  const r = await call("POST", `/api/v1/suggestions/${s.id}/clip`, {});
  if (r.status !== 201) { say((r.data && r.data.error && r.data.error.message) || "Not saved: check the connection and try again."); return; }
  s.state = "accepted";
  if (state.ws.store && state.ws.store.pollClips) state.ws.store.pollClips();
  render();
  say(`Saved as a clip, frames ${r.data.start_frame} to ${r.data.end_frame}: “${r.data.title}”.`);
}

async function dismiss() {
  const s = current();
  if (!s) return;
  const r = await call("POST", `/api/v1/suggestions/${s.id}/dismiss`);
  if (r.status !== 200) { say((r.data && r.data.error && r.data.error.message) || "Not saved: check the connection and try again."); return; }
  s.state = "dismissed";
  render();
  say(`Dismissed: ${s.label}.`);
}

function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if ($("ws-help").open || !state.data || state.data.status !== "ready") return;
  const t = e.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  const act = { "]": () => step(1), "[": () => step(-1), a: openAccept, A: openAccept, c: clip, C: clip, x: dismiss, X: dismiss }[e.key];
  if (!act) return;
  e.preventDefault();
  act();
}

whenReady().then((ws) => {
  state.ws = ws;
  $("ws-sugg-accept").addEventListener("submit", accept);
  $("ws-sugg-cancel").addEventListener("click", () => { $("ws-sugg-accept").hidden = true; });
  // Enter on the code chooser accepts; Escape closes it.
  $("ws-sugg-code").addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); $("ws-sugg-accept").requestSubmit(); }
    if (e.key === "Escape") { e.preventDefault(); $("ws-sugg-accept").hidden = true; }
  });
  document.addEventListener("keydown", onKey);
  return load();
}).then(() => { box.dataset.ready = "true"; });
