// coding.js: the key map (every binding can be changed and is kept in
// localStorage), the "?" overlay that lists and changes them, and the coding
// palette: one button per code of the scheme, with its key.

const STORE = "attune.keys";

// ACTIONS in the order the overlay lists them, with their usual keys.
export const ACTIONS = [
  ["play", "Play or pause", "Space"],
  ["frameBack", "Back one frame", ","],
  ["frameFwd", "Forward one frame", "."],
  ["secBack", "Back one second", "ArrowLeft"],
  ["secFwd", "Forward one second", "ArrowRight"],
  ["slower", "Slower (down to 0.1×)", "j"],
  ["pause", "Pause", "k"],
  ["faster", "Faster (up to 2×)", "l"],
  ["markIn", "Mark the clip's in-point", "i"],
  ["markOut", "Mark the out-point and save the clip", "o"],
  ["loop", "Loop the selection", "p"],
  ["still", "Take a still of the frame shown", "s"],
  ["trimEdge", "Selected clip: choose the edge to trim (in or out)", "Alt+/"],
  ["trimBack", "Selected clip: move that edge back one frame", "Alt+,"],
  ["trimFwd", "Selected clip: move that edge forward one frame", "Alt+."],
  ["undo", "Undo", "Ctrl+z"],
  ["redo", "Redo", "Ctrl+Shift+z"],
  ["zoomIn", "Zoom the timeline in", "="],
  ["zoomOut", "Zoom the timeline out", "-"],
  ["help", "Show the keys", "?"],
];

// keyName names a key press as bindings are written: "Space", ",", "j",
// "ArrowLeft", "Ctrl+Shift+z". Shift is named only where it doesn't already
// change the character ("?" is "?", not "Shift+/").
export function keyName(e) {
  let k = e.key === " " ? "Space" : e.key;
  if (k.length === 1) k = k.toLowerCase();
  let p = "";
  if (e.ctrlKey || e.metaKey) p += "Ctrl+";
  if (e.altKey) p += "Alt+";
  if (e.shiftKey && (k.length > 1 || p)) p += "Shift+";
  return p + k;
}

// baseKey is the key without Shift, from the key's place on the keyboard:
// Shift+1 is "1" (not "!"), so a code's key with Shift starts a span.
export function baseKey(e) {
  if (/^Digit\d$/.test(e.code)) return e.code.slice(5);
  if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  return e.key.length === 1 ? e.key.toLowerCase() : e.key;
}

export function label(key) {
  const names = { Space: "Space", ArrowLeft: "←", ArrowRight: "→", ArrowUp: "↑", ArrowDown: "↓" };
  return key.split("+").map((p) => names[p] || (p.length === 1 ? p.toUpperCase() : p)).join(" + ");
}

export class Keys {
  // codes: the scheme's codes, each {code,label,colour,key}.
  constructor(codes) {
    this.codes = codes;
    this.load();
  }

  defaults() {
    const m = {};
    for (const [id, , key] of ACTIONS) m[id] = key;
    for (const c of this.codes) if (c.key) m["code:" + c.code] = c.key;
    return m;
  }

  load() {
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem(STORE) || "{}"); } catch { saved = {}; }
    this.map = { ...this.defaults(), ...saved };
  }

  set(action, key) {
    for (const [a, k] of Object.entries(this.map)) if (k === key && a !== action) this.map[a] = "";
    this.map[action] = key;
    this.persist();
  }

  reset() {
    localStorage.removeItem(STORE);
    this.load();
  }

  persist() {
    const d = this.defaults(), diff = {};
    for (const [a, k] of Object.entries(this.map)) if (d[a] !== k) diff[a] = k;
    localStorage.setItem(STORE, JSON.stringify(diff));
  }

  // match says what a key press does: {action} or {code, span}.
  match(e) {
    const name = keyName(e);
    for (const [a, k] of Object.entries(this.map)) {
      if (k && k === name && !a.startsWith("code:")) return { action: a };
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return null;
    const base = baseKey(e);
    for (const [a, k] of Object.entries(this.map)) {
      if (a.startsWith("code:") && k && (k === name || k === base)) return { code: a.slice(5), span: e.shiftKey };
    }
    return null;
  }

  // rows for the overlay: [action, what it does, key].
  rows() {
    const out = ACTIONS.map(([id, what]) => [id, what, this.map[id] || ""]);
    for (const c of this.codes) out.push(["code:" + c.code, `Code “${c.label}”`, this.map["code:" + c.code] || ""]);
    return out;
  }
}

// Palette draws the code buttons; a tap codes a point (or, in span mode,
// starts and ends a span).
export class Palette {
  constructor(root, codes, keys, onCode) {
    this.root = root;
    this.codes = codes;
    this.keys = keys;
    this.open = new Map(); // code -> start frame of an open span
    this.render(onCode);
  }

  render(onCode) {
    this.root.replaceChildren();
    for (const c of this.codes) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "ws-code";
      b.dataset.code = c.code;
      b.style.setProperty("--code", c.colour || "#555");
      const name = document.createElement("span");
      name.className = "ws-code-name";
      name.textContent = c.label;
      const k = document.createElement("kbd");
      k.textContent = label(this.keys.map["code:" + c.code] || "");
      const state = document.createElement("span");
      state.className = "visually-hidden ws-code-state";
      b.append(k, name, state);
      b.addEventListener("click", () => onCode(c.code, document.getElementById("ws-span-mode").checked));
      this.root.append(b);
    }
    this.refresh();
  }

  refresh() {
    for (const b of this.root.querySelectorAll(".ws-code")) {
      const c = b.dataset.code;
      b.querySelector("kbd").textContent = label(this.keys.map["code:" + c] || "");
      b.setAttribute("aria-pressed", this.open.has(c) ? "true" : "false");
      b.querySelector(".ws-code-state").textContent = this.open.has(c) ? `: span open since frame ${this.open.get(c)}, press to end it` : "";
    }
  }
}

// HelpOverlay lists every key and lets a person change each one.
export class HelpOverlay {
  constructor(dialog, keys, onChange) {
    this.d = dialog;
    this.keys = keys;
    this.onChange = onChange;
    this.capturing = null;
    dialog.querySelector("#ws-help-close").addEventListener("click", () => dialog.close());
    dialog.querySelector("#ws-keys-reset").addEventListener("click", () => { keys.reset(); this.render(); onChange(); });
    dialog.addEventListener("keydown", (e) => this.capture(e), true);
    this.render();
  }

  show() {
    const back = document.activeElement;
    this.render();
    this.d.showModal();
    this.d.addEventListener("close", () => { if (back && back !== document.body && back.isConnected) back.focus(); }, { once: true });
  }
  get isOpen() { return this.d.open; }

  render() {
    const body = this.d.querySelector("#ws-keys");
    body.replaceChildren();
    for (const [id, what, key] of this.keys.rows()) {
      const tr = document.createElement("tr");
      tr.dataset.binding = id;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = what;
      const td = document.createElement("td");
      const k = document.createElement("kbd");
      k.textContent = key ? label(key) : "none";
      td.append(k);
      const tb = document.createElement("td");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "ws-btn ws-change";
      b.textContent = "Change";
      b.setAttribute("aria-label", `Change the key for ${what}`);
      b.addEventListener("click", () => this.start(id, b));
      tb.append(b);
      tr.append(th, td, tb);
      body.append(tr);
    }
  }

  start(id, button) {
    this.capturing = id;
    button.textContent = "Press a key…";
  }

  capture(e) {
    if (!this.capturing) return;
    if (["Shift", "Control", "Alt", "Meta"].includes(e.key)) return;
    e.preventDefault();
    e.stopPropagation();
    const id = this.capturing;
    this.capturing = null;
    if (e.key !== "Escape") this.keys.set(id, keyName(e));
    this.render();
    const again = this.d.querySelector(`tr[data-binding="${CSS.escape(id)}"] button`);
    if (again) again.focus();
    this.onChange();
  }
}
