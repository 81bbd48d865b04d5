// attune film builder: the film's items in order (drag, buttons, Alt+↑/↓),
// clips and stills to add, autosave with the film's version, render with a
// progress bar, and the rendered film to play.
import { call, message, debounce, el } from "./api.js";
import { itemRow } from "./items.js";

const root = document.getElementById("builder");
const filmID = root.dataset.film;
const canEdit = root.dataset.edit === "true";
const library = JSON.parse(root.dataset.library || "[]");
const byID = new Map(library.map((c) => [c.kind + ":" + c.id, c]));
const list = document.getElementById("items");
const saveStatus = document.getElementById("save-status");
let film = null;
let saving = null;
let dirty = false;

function choiceOf(it) {
  return it.kind === "clip" ? byID.get("clip:" + it.clip_id) : it.kind === "still" ? byID.get("still:" + it.still_id) : null;
}

function draw(focusIndex, focusSel) {
  list.replaceChildren(...film.items.map((it, i) => itemRow(it, i, film.items.length, choiceOf(it), canEdit, actions)));
  document.getElementById("items-empty").hidden = film.items.length > 0;
  if (focusIndex != null) {
    const row = list.children[focusIndex];
    let target = row && row.querySelector(focusSel || ".item-move-up");
    if (row && (!target || target.disabled)) target = row.querySelector("button:not([disabled])");
    if (target) target.focus();
  }
}

const actions = {
  move(i, to, sel) {
    if (to < 0 || to >= film.items.length || to === i) return;
    const [it] = film.items.splice(i, 1);
    film.items.splice(to, 0, it);
    draw(to, sel);
    announce(`Moved to place ${to + 1} of ${film.items.length}.`);
    changed();
  },
  remove(i) {
    film.items.splice(i, 1);
    draw(Math.min(i, film.items.length - 1));
    announce("Removed from the film.");
    changed();
  },
  edit(i, field, value) {
    film.items[i][field] = value;
    changed();
  },
};

function announce(text) { saveStatus.textContent = text; }

const save = debounce(() => doSave(), 600);
function changed() { dirty = true; save(); }

async function doSave() {
  if (saving) { dirty = true; return saving; }
  dirty = false;
  const body = { title: document.getElementById("film-title").value, version: film.version,
    items: film.items.map(({ words, ...it }) => it) };
  announce("Saving…");
  saving = call("PATCH", "/api/v1/films/" + filmID, body);
  const r = await saving;
  saving = null;
  if (r.ok) {
    film.items.forEach((it, i) => { it.id = r.data.items[i].id; });
    film.version = r.data.version;
    document.getElementById("film-title-h").textContent = r.data.title;
    announce("Saved.");
    showRender(r.data);
  } else if (r.status === 409 && r.data && r.data.film) {
    film = r.data.film;
    draw();
    announce(message(r) + " We have loaded the film as it is now.");
  } else {
    announce(message(r));
  }
  if (dirty) return doSave();
}

function addItem(it) {
  film.items.push(it);
  draw(film.items.length - 1);
  announce("Added to the film, at place " + film.items.length + ".");
  changed();
}

function drawLibrary() {
  const ul = document.getElementById("library");
  if (!ul) return;
  document.getElementById("library-empty").hidden = library.length > 0;
  ul.replaceChildren(...library.map((c) => el("li", { class: "library-item" },
    el("img", { src: c.thumb, alt: "", loading: "lazy", class: "thumb" }),
    el("span", { class: "library-text" },
      el("span", { class: "tag " + (c.kind === "clip" ? "tag-blue" : "tag-grey"), text: c.kind === "clip" ? "Clip" : "Still" }),
      el("strong", { text: c.title }),
      el("span", { class: "muted small", text: (c.seconds ? c.seconds.toFixed(1) + " s · " : "") + c.from })),
    el("button", { type: "button", class: "button button-secondary button-small", "aria-label": "Add " + c.title + " to the film",
      onclick: () => addItem(c.kind === "clip" ? { kind: "clip", clip_id: c.id, speed: 1, caption: c.caption || "" }
        : { kind: "still", still_id: c.id, seconds: 4, caption: c.caption || "" }) }, "Add"))));
}

function parts(n) { return n === 1 ? "1 part" : n + " parts"; }

// Rendering: start, poll the status, show the film when it is ready.
let polling = null;
function showRender(s) {
  const status = document.getElementById("render-status");
  const bar = document.getElementById("render-progress");
  const busy = s.status === "queued" || s.status === "rendering";
  bar.hidden = !busy;
  bar.value = s.progress || 0;
  const cancel = document.getElementById("cancel-render");
  if (cancel) cancel.hidden = !busy;
  const render = document.getElementById("render");
  if (render) render.disabled = busy;
  const pct = Math.round((s.progress || 0) * 100);
  const texts = {
    draft: "Not rendered yet. Render the film to watch it.",
    queued: "Waiting to render…",
    rendering: `Rendering… ${pct}%`,
    ready: s.stale ? "The film has changed since it was rendered. Render it again to see the changes."
      : "Ready to watch." + (s.segments_reused ? ` It was quicker this time: ${parts(s.segments_reused)} you hadn't changed were kept from last time.` : ""),
    failed: s.error || "The film couldn't be rendered.",
    cancelled: "The render was cancelled.",
  };
  status.textContent = texts[s.status] || "";
  if (s.video_url) {
    const video = document.getElementById("film-video");
    const src = s.video_url + "?v=" + s.rendered_version;
    if (video.getAttribute("src") !== src) video.setAttribute("src", src);
    document.getElementById("film-player").hidden = false;
    const dl = document.getElementById("download");
    if (dl) dl.hidden = false;
  }
  if (busy && !polling) polling = setTimeout(poll, 1000);
  if (!busy && s.status === "ready" && !s.stale && document.getElementById("release-why")) refreshRelease();
}

// refreshRelease asks the page again for its "Share with the family" card:
// the server says whether the rendered film can be shared now (consent too),
// so the button comes alive without a reload.
async function refreshRelease() {
  const card = document.getElementById("release");
  try {
    const r = await fetch(location.href, { credentials: "same-origin" });
    if (!r.ok) return;
    const fresh = new DOMParser().parseFromString(await r.text(), "text/html").getElementById("release");
    if (card && fresh) card.replaceWith(fresh);
  } catch (e) {
    const why = document.getElementById("release-why");
    if (why) why.textContent = "The film is rendered. Reload the page to share it with the family.";
  }
}

async function poll() {
  polling = null;
  const r = await call("GET", "/api/v1/films/" + filmID + "/status");
  if (r.ok) showRender(r.data);
  else polling = setTimeout(poll, 3000);
}

async function startRender() {
  await save.flush();
  if (saving) await saving;
  const r = await call("POST", "/api/v1/films/" + filmID + "/render");
  if (r.ok) showRender(r.data);
  else document.getElementById("render-status").textContent = message(r);
}

async function cancelRender() {
  const r = await call("POST", "/api/v1/films/" + filmID + "/render/cancel");
  if (r.ok) showRender(r.data);
  else document.getElementById("render-status").textContent = message(r);
}

async function start() {
  const r = await call("GET", "/api/v1/films/" + filmID);
  if (!r.ok) { announce(message(r)); return; }
  film = r.data;
  draw();
  drawLibrary();
  showRender(film);
  if (!canEdit) return;
  document.getElementById("film-title").addEventListener("input", changed);
  document.getElementById("add-title").addEventListener("click", () => addItem({ kind: "title", text: "", seconds: 3 }));
  document.getElementById("render").addEventListener("click", startRender);
  document.getElementById("cancel-render").addEventListener("click", cancelRender);
  window.addEventListener("beforeunload", (e) => { if (dirty || saving) { save.flush(); e.preventDefault(); } });
}

start();
