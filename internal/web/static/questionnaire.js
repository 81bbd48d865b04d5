// attune: the parent's questionnaire. Conditional questions (FHIR
// enableWhen) show and hide at once, as the server decides them; a text
// box says its limit and counts as it is typed. Saving is in
// questionnaire_save.js. The page works without either script.
(function () {
  "use strict";

  // ---- enableWhen, as internal/questionnaires/score.go applies it ----
  function num(s) {
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? parseFloat(s) : NaN;
  }
  function holds(c, v) {
    if (c.operator === "exists") return (v !== "") === (c.answer === "true");
    if (v === "") return false;
    var a = num(v), b = num(c.answer), n = !isNaN(a) && !isNaN(b);
    var eq = v === c.answer || (n && a === b);
    switch (c.operator) {
      case "=": return eq;
      case "!=": return !eq;
      case ">": return n && a > b;
      case "<": return n && a < b;
      case ">=": return n && a >= b;
      case "<=": return n && a <= b;
    }
    return false;
  }
  function fields(form, id) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === "a." + id; });
  }
  function valueOf(form, known, id) {
    var els = fields(form, id);
    if (!els.length) return known[id] || "";
    for (var i = 0; i < els.length; i++) {
      if (els[i].type !== "radio") return els[i].value.trim();
      if (els[i].checked) return els[i].value;
    }
    return "";
  }
  function applyConditions(form, known) {
    form.querySelectorAll("fieldset[data-enable]").forEach(function (fs) {
      var e = JSON.parse(fs.getAttribute("data-enable"));
      var on = e.all;
      for (var i = 0; i < e.when.length; i++) {
        var ok = holds(e.when[i], valueOf(form, known, e.when[i].question));
        if (ok && !e.all) { on = true; break; }
        if (!ok && e.all) { on = false; break; }
      }
      fs.hidden = !on; // its answer stays in the form until sent
    });
  }

  // ---- the limit said before it bites, and a live count ----
  function fill(msg, a, b) { return msg.replace("{1}", a).replace("{2}", b); }
  function counts(form) {
    var fmt = window.Intl ? new Intl.NumberFormat(form.getAttribute("data-lang") || "en") : { format: String };
    form.querySelectorAll("[data-limit]").forEach(function (el) {
      var out = document.getElementById(el.id.replace(/-i$/, "-c")), limit = +el.getAttribute("data-limit");
      var update = function () {
        var n = Array.from(el.value.trim()).length;
        out.textContent = fill(form.getAttribute("data-msg-count"), fmt.format(n), fmt.format(limit));
        out.classList.toggle("q-over", n > limit);
      };
      el.addEventListener("input", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave]");
    if (!form) return;
    var known = JSON.parse(form.getAttribute("data-known") || "{}");
    if (window.attuneQSave) window.attuneQSave(form, known); // questionnaire_save.js
    applyConditions(form, known);
    form.addEventListener("input", function () { applyConditions(form, known); });
    form.addEventListener("change", function () { applyConditions(form, known); });
    counts(form);
  });
  // The thank-you page: answers sent, so nothing of them stays in this browser.
  document.addEventListener("DOMContentLoaded", function () {
    var done = document.querySelector("[data-q-sent]");
    if (!done || !window.localStorage) return;
    var prefix = done.getAttribute("data-q-sent") + ":";
    Object.keys(localStorage).forEach(function (k) { if (k.indexOf(prefix) === 0) localStorage.removeItem(k); });
  });

  window.attuneQ = { fields: fields, valueOf: valueOf, applyConditions: applyConditions, fill: fill };
})();
