// attune: the parent's questionnaire keeps every answer. Text is saved as
// it is typed (after a pause) and on closing the page (sendBeacon); a save
// that fails is said and tried again, and unsent answers wait in this
// browser until the server has them; an answer another tab changed is
// never overwritten silently. questionnaire.js calls attuneQSave.
(function () {
  "use strict";
  var q = window.attuneQ, fields = q.fields, valueOf = q.valueOf, applyConditions = q.applyConditions, fill = q.fill;

  window.attuneQSave = function (form, known) {
    if (window.fetch && window.URLSearchParams && window.localStorage && window.crypto) autosave(form, known);
  };

  function autosave(form, known) {
    var writer = Array.from(crypto.getRandomValues(new Uint8Array(12)), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    form.elements.w.value = writer;
    var prefix = form.getAttribute("data-key") + ":";
    // live: this tab's unsent answers; waiting: ones an earlier page left.
    var live = { k: prefix + writer, v: +form.elements.v.value, w: writer, a: {} };
    var waiting = restore(form, prefix);
    var refused = {}, busy = false, timer = 0, delay = 1000, firstEdit = 0, seq = 0;
    var state = form.querySelector(".q-save-state");

    function keep(b) {
      try {
        if (Object.keys(b.a).length) localStorage.setItem(b.k, JSON.stringify({ v: b.v, w: b.w, s: b === live ? seq + 1 : b.s, a: b.a }));
        else localStorage.removeItem(b.k);
      } catch (e) { /* private mode: the page still holds them */ }
    }
    function body(b) {
      // s: this tab's request number, so a late request can't undo a later one
      var s = b === live ? ++seq : b.s;
      var q = new URLSearchParams({ act: "autosave", p: form.elements.p.value, lang: form.elements.lang.value, v: String(b.v), w: b.w, s: String(s) });
      Object.keys(b.a).forEach(function (id) { if (refused[id] !== b.a[id]) q.set("a." + id, b.a[id]); });
      return q;
    }
    function say(msg, bad) {
      state.textContent = msg;
      state.classList.toggle("q-unsaved", !!bad);
    }
    function next() {
      if (waiting.length) return waiting[0];
      var open = Object.keys(live.a).some(function (id) { return refused[id] !== live.a[id]; });
      return open ? live : null;
    }
    function flush() {
      clearTimeout(timer);
      firstEdit = 0;
      var b = next();
      if (busy || !b) return;
      busy = true;
      var sent = {}; // what goes: not an answer the server refused, until it is changed
      Object.keys(b.a).forEach(function (id) { if (refused[id] !== b.a[id]) sent[id] = b.a[id]; });
      fetch(form.action, { method: "POST", body: body(b), credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (res) {
          return res.json().catch(function () { return {}; }).then(function (out) { return done(b, sent, res.status, out); });
        })
        .catch(failed);
    }
    function done(b, sent, status, out) {
      busy = false;
      if (status === 429 || status >= 500) return failed();
      delay = 1000;
      if (status === 200 || status === 409) {
        if (status === 200) Object.keys(sent).forEach(function (id) { if (b.a[id] === sent[id]) delete b.a[id]; });
        if (b !== live) { // what an earlier page left and isn't saved yet goes on with this tab's answers
          Object.keys(b.a).forEach(function (id) { if (!(id in live.a) && !(out.answers && id in out.answers)) live.a[id] = b.a[id]; });
        }
        live.v = Math.max(live.v, out.version || 0);
        form.elements.v.value = live.v;
        theirs(out.others || {});
        if (status === 409) conflict(out.message, out.answers || {}, sent);
        if (b !== live) { b.a = {}; waiting.shift(); }
        keep(b);
        fieldErrors(sent, null);
        if (!next()) say(form.getAttribute("data-msg-saved"));
      } else if (status === 400 && out.field) {
        refused[out.field] = sent[out.field];
        fieldErrors({}, out);
      } else {
        say(out.message || form.getAttribute("data-msg-offline"), true);
        return; // the link no longer works: nothing more to try
      }
      flush();
    }
    function failed() {
      busy = false;
      say(form.getAttribute("data-msg-offline"), true);
      clearTimeout(timer);
      timer = setTimeout(flush, delay);
      delay = Math.min(delay * 2, 30000);
    }
    // show puts answers another tab saved into this page's fields.
    function show(answers) {
      suppress = true;
      Object.keys(answers).forEach(function (id) {
        if (id in known) known[id] = answers[id];
        fields(form, id).forEach(function (el) {
          if (el.type === "radio") el.checked = el.value === answers[id];
          else el.value = answers[id];
          el.dispatchEvent(new Event("input", { bubbles: true }));
        });
      });
      suppress = false;
      applyConditions(form, known);
    }
    // theirs shows answers another tab saved since this page's version; one
    // this tab has changed too and not yet sent is a clash, told as one.
    function theirs(others) {
      var clash = {};
      Object.keys(others).forEach(function (id) {
        if (id in live.a && live.a[id] !== others[id]) { clash[id] = live.a[id]; delete live.a[id]; }
      });
      show(others);
      var ids = Object.keys(clash);
      if (!ids.length) return;
      keep(live);
      var nums = ids.map(function (id) {
        var n = form.querySelector('fieldset[data-link="' + id + '"] .q-num');
        return n ? n.textContent.replace(/\.$/, "") : id;
      });
      conflict(fill(form.getAttribute("data-msg-conflict"), nums.join(", "), ""), {}, clash);
    }
    function conflict(message, answers, mine) {
      var box = document.querySelector(".q-conflict"), text = box.querySelector(".q-conflict-text");
      text.textContent = message;
      Object.keys(answers).forEach(function (id) { delete live.a[id]; });
      Object.keys(mine).forEach(function (id) {
        var els = fields(form, id);
        if (els.length && els[0].type !== "radio" && mine[id] && (id in answers || !(id in live.a))) {
          var p = document.createElement("p");
          p.textContent = fill(form.getAttribute("data-msg-yours"), mine[id], "");
          text.appendChild(p);
        }
      });
      show(answers);
      keep(live);
      box.hidden = false;
      box.focus();
    }
    function fieldErrors(ok, bad) {
      form.querySelectorAll("fieldset[data-link]").forEach(function (fs) {
        var id = fs.getAttribute("data-link"), p = fs.querySelector(".field-error");
        if (bad && bad.field === id) {
          p.textContent = bad.message;
          p.hidden = false;
          fs.classList.add("has-error");
        } else if (id in ok) {
          p.hidden = true;
          fs.classList.remove("has-error");
        }
      });
    }
    var suppress = false;
    function edited(ev, wait) {
      var el = ev.target;
      if (suppress || !el.name || el.name.indexOf("a.") !== 0) return;
      var id = el.name.slice(2);
      live.a[id] = el.type === "radio" ? valueOf(form, {}, id) : el.value;
      keep(live);
      if (!wait) return flush();
      clearTimeout(timer);
      firstEdit = firstEdit || Date.now();
      // After a pause in typing; at the latest every few seconds of it.
      timer = setTimeout(flush, Date.now() - firstEdit > 5000 ? 0 : 800);
    }
    form.addEventListener("change", function (ev) { edited(ev, false); });
    form.addEventListener("input", function (ev) { if (ev.target.type !== "radio") edited(ev, true); });
    form.addEventListener("submit", function (ev) {
      clearTimeout(timer);
      form.elements.s.value = ++seq;
      if (navigator.onLine === false) { // keep the page: its answers are here and kept
        ev.preventDefault();
        say(form.getAttribute("data-msg-offline"), true);
        flush();
      }
    });
    window.addEventListener("online", function () { delay = 1000; flush(); });
    // The page's last words: whatever is unsent goes by beacon, which the
    // browser delivers after the page is gone. It stays kept here too, in
    // case it doesn't arrive; the server takes the same answer twice as once.
    function last() {
      [live].concat(waiting).forEach(function (b) {
        if (Object.keys(b.a).length && navigator.sendBeacon) navigator.sendBeacon(form.action, body(b));
      });
    }
    window.addEventListener("pagehide", last);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") last(); });
    if (waiting.length) flush();
  }

  // restore finds answers an earlier page in this browser didn't get saved,
  // puts them back into this page's fields, and returns them to send.
  function restore(form, prefix) {
    var out = [];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k.indexOf(prefix) !== 0) continue;
      try {
        var b = JSON.parse(localStorage.getItem(k));
        out.push({ k: k, v: b.v, w: b.w, s: b.s || 0, a: b.a || {} });
      } catch (e) { /* not ours to read */ }
    }
    out.forEach(function (b) {
      Object.keys(b.a).forEach(function (id) {
        fields(form, id).forEach(function (el) {
          if (el.type === "radio") el.checked = el.value === b.a[id];
          else el.value = b.a[id];
        });
      });
    });
    return out;
  }
})();
