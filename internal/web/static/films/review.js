// attune shared review: the film's moments one at a time, big controls, the
// parent's own words saved as they are typed, and their next steps at the end.
import { call, message, debounce, el } from "./api.js";

const root = document.getElementById("review");
const filmID = root.dataset.film;
const canEdit = root.dataset.edit === "true";
const library = new Map(JSON.parse(root.dataset.library || "[]").map((c) => [c.kind + ":" + c.id, c]));
const defaults = JSON.parse(root.dataset.prompts || "[]");
const $ = (id) => document.getElementById(id);
let film = null;
let at = 0;
let slow = false;

function nameOf(it) {
  if (it.kind === "title") return "Title card";
  const c = library.get(it.kind + ":" + (it.clip_id || it.still_id));
  return c ? c.title : it.kind === "clip" ? "Clip" : "Still";
}

function video() { return $("stage").querySelector("video"); }

function rate(it) { return (it.speed || 1) * (slow ? 0.5 : 1); }

function show(i) {
  saveWords.flush();
  at = Math.max(0, Math.min(i, film.items.length));
  const end = at === film.items.length;
  $("review-end").hidden = !end;
  root.querySelector(".review-body").hidden = end;
  $("toggle-pane").hidden = end;
  $("review-count").textContent = end ? "The end" : `Moment ${at + 1} of ${film.items.length}`;
  if (end) { $("next-steps").focus(); return; }
  const it = film.items[at];
  $("review-item-name").textContent = nameOf(it);
  $("review-caption").textContent = it.kind === "title" ? "" : it.caption || "";
  const stage = $("stage");
  if (it.kind === "title") {
    stage.replaceChildren(el("div", { class: "review-card", text: it.text }));
  } else if (it.kind === "still") {
    stage.replaceChildren(el("img", { src: "/api/v1/stills/" + it.still_id + "/image", alt: it.caption || nameOf(it) }));
  } else {
    const v = el("video", { src: "/api/v1/clips/" + it.clip_id + "/video", playsinline: true, preload: "auto",
      "aria-label": nameOf(it) });
    v.addEventListener("loadedmetadata", () => { v.playbackRate = rate(it); });
    v.addEventListener("play", () => { $("play").textContent = "Pause"; });
    v.addEventListener("pause", () => { $("play").textContent = "Play"; });
    v.addEventListener("ended", () => { $("play").textContent = "Play"; });
    stage.replaceChildren(v);
  }
  const isClip = it.kind === "clip";
  $("play").disabled = $("replay").disabled = $("slow").disabled = !isClip;
  $("play").textContent = "Play";
  $("prev").disabled = at === 0;
  $("words-area").hidden = it.kind === "title";
  $("words").value = it.words || "";
  $("words-saved").textContent = it.words ? "Saved." : "";
}

function playPause() {
  const v = video();
  if (!v) return;
  if (v.paused) { v.playbackRate = rate(film.items[at]); v.play(); } else v.pause();
}

function replay() {
  const v = video();
  if (!v) return;
  v.currentTime = 0;
  v.playbackRate = rate(film.items[at]);
  v.play();
}

function toggleSlow() {
  slow = !slow;
  $("slow").setAttribute("aria-pressed", String(slow));
  const v = video();
  if (v) v.playbackRate = rate(film.items[at]);
}

// Words are saved as they are typed (a moment after the last key).
const saveWords = debounce(() => writeWords(at, $("words").value), 700);
async function writeWords(i, words) {
  const it = film.items[i];
  if (!it || it.kind === "title" || (it.words || "") === words) return;
  $("words-saved").textContent = "Saving…";
  const r = await call("PUT", `/api/v1/films/${filmID}/items/${it.id}/words`, { words });
  if (r.ok) it.words = words;
  if (i === at) $("words-saved").textContent = r.ok ? "Saved." : message(r);
}

const saveNext = debounce(() => writeNext($("next-steps").value), 700);
async function writeNext(text) {
  if ((film.next_steps || "") === text) return;
  $("next-saved").textContent = "Saving…";
  const r = await call("PUT", `/api/v1/films/${filmID}/next-steps`, { next_steps: text });
  if (r.ok) film.next_steps = text;
  $("next-saved").textContent = r.ok ? "Saved. These stay with the case." : message(r);
}

function prompts() {
  let mine = [];
  try { mine = JSON.parse(localStorage.getItem("attune.review.prompts") || "[]"); } catch (e) { mine = []; }
  $("prompts").replaceChildren(...defaults.concat(mine).map((q) => el("li", {},
    el("button", { type: "button", class: "prompt", title: "Put this question in the notes", onclick: () => ask(q) }, q))));
}

function ask(q) {
  if (!canEdit) return;
  const t = $("words");
  t.value = (t.value ? t.value.replace(/\s*$/, "\n") : "") + q + "\n";
  t.focus();
  saveWords();
}

function addPrompt() {
  const q = $("my-prompt").value.trim();
  if (!q) return;
  let mine = [];
  try { mine = JSON.parse(localStorage.getItem("attune.review.prompts") || "[]"); } catch (e) { mine = []; }
  mine.push(q);
  localStorage.setItem("attune.review.prompts", JSON.stringify(mine));
  $("my-prompt").value = "";
  prompts();
}

function togglePane() {
  const pane = $("review-pane");
  pane.hidden = !pane.hidden;
  root.classList.toggle("pane-hidden", pane.hidden);
  $("toggle-pane").setAttribute("aria-expanded", String(!pane.hidden));
  $("toggle-pane").textContent = pane.hidden ? "Show notes" : "Hide notes";
}

function keys(e) {
  if (e.target.closest("textarea, input, select") || e.altKey || e.ctrlKey || e.metaKey) return;
  const acts = { " ": playPause, ArrowRight: () => show(at + 1), ArrowLeft: () => show(at - 1), s: toggleSlow, r: replay };
  const fn = acts[e.key];
  if (fn && !(e.key === " " && e.target.closest("button"))) { e.preventDefault(); fn(); }
}

async function start() {
  const r = await call("GET", "/api/v1/films/" + filmID);
  if (!r.ok) { $("review-count").textContent = message(r); return; }
  film = r.data;
  $("next-steps").value = film.next_steps || "";
  if (!canEdit) { $("words").readOnly = true; $("next-steps").readOnly = true; }
  prompts();
  show(0);
  $("prev").addEventListener("click", () => show(at - 1));
  $("next").addEventListener("click", () => show(at + 1));
  $("play").addEventListener("click", playPause);
  $("replay").addEventListener("click", replay);
  $("slow").addEventListener("click", toggleSlow);
  $("words").addEventListener("input", saveWords);
  $("words").addEventListener("blur", () => saveWords.flush());
  $("next-steps").addEventListener("input", saveNext);
  $("next-steps").addEventListener("blur", () => saveNext.flush());
  $("back-to-film").addEventListener("click", () => show(film.items.length - 1));
  $("toggle-pane").addEventListener("click", togglePane);
  $("add-prompt").addEventListener("click", addPrompt);
  $("full-screen").addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen(); else if (root.requestFullscreen) root.requestFullscreen();
  });
  document.addEventListener("keydown", keys);
  window.addEventListener("beforeunload", () => { saveWords.flush(); saveNext.flush(); });
}

start();
