// material.js: shared material for supervision. The frame-exact player is
// the workspace's (read-only reuse of ../workspace/player.js); comments sit
// at exact frames, threaded: the supervisor starts a thread (and may mark
// the moment for discussion), the trainee answers in it.
import { Player, timecode } from "../workspace/player.js";

const $ = (id) => document.getElementById(id);
const root = $("sup");
const share = root.dataset.share;
const role = root.dataset.role;
const api = `/api/v1/supervision/shares/${share}`;
let player = null;

async function call(method, path, body) {
  const r = await fetch(path, {
    method, credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json", Accept: "application/json" } : { Accept: "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = r.status === 204 ? null : await r.json().catch(() => null);
  if (!r.ok) throw new Error((data && data.error && data.error.message) || `The server answered ${r.status}. Reload the page and try again.`);
  return data;
}

function say(text) { $("sup-status").textContent = text; }

// framesOf gives the frame table: a recording's own, or for a film one
// built from its constant frame rate once the video's length is known.
async function framesOf(video) {
  if (root.dataset.kind !== "film") return (await call("GET", `${api}/frames`)).pts_ms;
  if (!(video.duration > 0)) await new Promise((ok) => video.addEventListener("loadedmetadata", ok, { once: true }));
  const fps = Number(root.dataset.fps) || 30;
  const n = Math.max(1, Math.floor(video.duration * fps));
  return Array.from({ length: n }, (_, i) => (i * 1000) / fps);
}

async function startPlayer() {
  const video = $("sup-video");
  if (!video) return;
  player = new Player(video, await framesOf(video));
  player.addEventListener("frame", (e) => {
    $("sup-frame").textContent = e.detail;
    $("sup-tc").textContent = timecode(player.pts[e.detail]);
    if ($("sup-comment-frame")) $("sup-comment-frame").textContent = e.detail;
  });
  for (const b of document.querySelectorAll("[data-step]")) b.addEventListener("click", () => player.step(Number(b.dataset.step)));
  $("sup-play").addEventListener("click", () => player.toggle());
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("textarea, input, select, button")) return;
    if (e.key === "ArrowRight") { e.preventDefault(); player.step(1); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); player.step(-1); }
    else if (e.key === " ") { e.preventDefault(); player.toggle(); }
  });
  player.seek(0);
  await player.ready();
  root.dataset.playerReady = "true";
}

function el(tag, props, ...kids) {
  const n = Object.assign(document.createElement(tag), props);
  n.append(...kids);
  return n;
}

function renderComments(list) {
  const ol = $("sup-comments");
  ol.replaceChildren();
  const replies = new Map();
  for (const c of list) if (c.parent_id) replies.set(c.parent_id, [...(replies.get(c.parent_id) || []), c]);
  for (const c of list.filter((c) => !c.parent_id)) {
    const jump = el("button", { type: "button", className: "link-button sup-jump", textContent: `Frame ${c.frame}` });
    jump.addEventListener("click", () => player && player.seek(c.frame));
    const head = el("p", { className: "sup-comment-head" }, jump, ` · ${c.author_name}`);
    if (c.discuss) head.append(" ", el("span", { className: "tag tag-blue", textContent: "For discussion" }));
    const li = el("li", { className: "sup-comment", id: `c-${c.id}` }, head, el("p", { className: "sup-body", textContent: c.body }));
    li.dataset.frame = c.frame;
    const thread = el("ol", { className: "sup-replies" });
    for (const r of replies.get(c.id) || []) {
      thread.append(el("li", { className: "sup-reply" }, el("p", { className: "sup-comment-head", textContent: r.author_name }), el("p", { className: "sup-body", textContent: r.body })));
    }
    li.append(thread, replyForm(c));
    if (role === "supervisor") li.append(discussButton(c));
    ol.append(li);
  }
  if (!ol.children.length) ol.append(el("li", { className: "hint", textContent: role === "supervisor" ? "No comments yet. Step to a frame and write the first." : "No comments from your supervisor yet." }));
}

function replyForm(c) {
  const id = `reply-${c.id}`;
  const area = el("textarea", { id, rows: 2, name: "body" });
  const form = el("form", { className: "sup-reply-form", noValidate: true },
    el("label", { htmlFor: id, textContent: `Answer the comment at frame ${c.frame}` }), area,
    el("button", { type: "submit", className: "button button-secondary button-small", textContent: "Send answer" }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await call("POST", `${api}/comments`, { parent_id: c.id, body: area.value });
      say("Answer sent.");
      await load();
    } catch (err) { say(err.message); }
  });
  return form;
}

function discussButton(c) {
  const b = el("button", { type: "button", className: "link-button", textContent: c.discuss ? "Unmark for discussion" : "Mark for discussion" });
  b.addEventListener("click", async () => {
    try { await call("PUT", `${api}/comments/${c.id}/discuss`, { discuss: !c.discuss }); await load(); } catch (err) { say(err.message); }
  });
  return b;
}

async function load() {
  try {
    renderComments((await call("GET", `${api}/comments`)).comments);
    root.dataset.comments = "loaded";
  } catch (err) { say(err.message); }
}

const form = $("sup-comment-form");
if (form) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const frame = player ? player.target : 0;
    try {
      await call("POST", `${api}/comments`, { frame, body: $("sup-comment").value, discuss: $("sup-discuss").checked });
      $("sup-comment").value = "";
      $("sup-discuss").checked = false;
      say(`Comment added at frame ${frame}.`);
      await load();
    } catch (err) { say(err.message); }
  });
}

load();
startPlayer().catch((err) => say(`The video can't be shown: ${err.message}`));
