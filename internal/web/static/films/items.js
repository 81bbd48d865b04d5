// attune film builder: one item of the film as a list row with its controls.
import { el } from "./api.js";

const speeds = [[1, "Normal speed"], [0.5, "Half speed"], [0.25, "Quarter speed"]];
let dragFrom = null;

function kindName(it, choice) {
  if (it.kind === "title") return "Title card";
  if (!choice) return it.kind === "clip" ? "A clip that is no longer there" : "A still that is no longer there";
  return choice.title;
}

function field(id, label, input) {
  return el("div", { class: "item-field" }, el("label", { for: id, text: label }), input);
}

function textInput(id, value, onInput, attrs = {}) {
  return el("input", { id, value: value || "", maxlength: 200, oninput: (e) => onInput(e.target.value), ...attrs });
}

function secondsInput(id, value, onInput) {
  return el("input", { id, type: "number", min: 0.5, max: 60, step: 0.5, value: value || 3, inputmode: "decimal",
    class: "input-seconds", oninput: (e) => onInput(parseFloat(e.target.value)) });
}

function speedSelect(id, value, onInput) {
  const s = el("select", { id, onchange: (e) => onInput(parseFloat(e.target.value)) },
    ...speeds.map(([v, t]) => el("option", { value: v, selected: v === (value || 1), text: t })));
  return s;
}

function controls(it, i, edit) {
  const p = `item-${i}-`;
  const set = (f) => (v) => edit(i, f, v);
  if (it.kind === "title") {
    return [field(p + "text", "Words on the card", textInput(p + "text", it.text, set("text"), { required: true })),
      field(p + "seconds", "Seconds on screen", secondsInput(p + "seconds", it.seconds || 3, set("seconds")))];
  }
  const out = [field(p + "caption", "Caption (optional)", textInput(p + "caption", it.caption, set("caption"),
    { placeholder: "e.g. You waited, and she showed you the block" }))];
  if (it.kind === "clip") out.push(field(p + "speed", "Speed", speedSelect(p + "speed", it.speed, set("speed"))));
  else out.push(field(p + "seconds", "Seconds on screen", secondsInput(p + "seconds", it.seconds || 4, set("seconds"))));
  return out;
}

// itemRow is item i of n; actions.move/remove/edit change the film.
export function itemRow(it, i, n, choice, canEdit, actions) {
  const name = kindName(it, choice);
  const head = el("div", { class: "item-head" },
    choice ? el("img", { src: choice.thumb, alt: "", class: "thumb", loading: "lazy" }) : el("span", { class: "thumb thumb-title", "aria-hidden": "true", text: it.kind === "title" ? "Aa" : "?" }),
    el("span", { class: "item-name" }, el("span", { class: "item-number", text: `${i + 1}.` }), " ", el("strong", { text: name }),
      it.kind !== "title" ? el("span", { class: "tag " + (it.kind === "clip" ? "tag-blue" : "tag-grey"), text: it.kind === "clip" ? "Clip" : "Still" }) : null));
  const li = el("li", { class: "film-item", "data-kind": it.kind }, head);
  if (!canEdit) {
    if (it.caption || it.text) li.append(el("p", { class: "small", text: it.caption || it.text }));
    return li;
  }
  head.draggable = true; // the head is the handle, so text in the fields can still be selected
  head.title = "Drag to move";
  li.append(el("div", { class: "item-controls" }, ...controls(it, i, actions.edit)));
  const hidden = (t) => el("span", { class: "visually-hidden", text: t });
  li.append(el("div", { class: "item-buttons" },
    el("button", { type: "button", class: "link-button item-move-up", disabled: i === 0,
      onclick: () => actions.move(i, i - 1, ".item-move-up") }, "Up", hidden(` (move item ${i + 1}, ${name}, up)`)),
    el("button", { type: "button", class: "link-button item-move-down", disabled: i === n - 1,
      onclick: () => actions.move(i, i + 1, ".item-move-down") }, "Down", hidden(` (move item ${i + 1}, ${name}, down)`)),
    el("button", { type: "button", class: "link-button item-remove",
      onclick: () => actions.remove(i) }, "Remove", hidden(` item ${i + 1}, ${name}, from the film`))));
  li.addEventListener("keydown", (e) => {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    const sel = e.target.id ? "#" + e.target.id.replace(/^item-\d+-/, `item-${e.key === "ArrowUp" ? i - 1 : i + 1}-`) : null;
    actions.move(i, e.key === "ArrowUp" ? i - 1 : i + 1, sel);
  });
  head.addEventListener("dragstart", (e) => { dragFrom = i; li.classList.add("dragging"); e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", String(i)); });
  head.addEventListener("dragend", () => li.classList.remove("dragging"));
  li.addEventListener("dragover", (e) => { e.preventDefault(); li.classList.add("drop-target"); });
  li.addEventListener("dragleave", () => li.classList.remove("drop-target"));
  li.addEventListener("drop", (e) => {
    e.preventDefault();
    li.classList.remove("drop-target");
    const from = dragFrom != null ? dragFrom : parseInt(e.dataTransfer.getData("text/plain"), 10);
    dragFrom = null;
    if (!Number.isNaN(from)) actions.move(from, i);
  });
  return li;
}
