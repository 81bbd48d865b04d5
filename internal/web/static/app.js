// attune: small page behaviours. No inline scripts (the CSP forbids them).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) summary.focus();
    // "Copy link" buttons.
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var src = document.querySelector(btn.getAttribute("data-copy"));
        if (!src) return;
        src.select();
        var done = function () { btn.textContent = "Copied"; };
        if (navigator.clipboard) navigator.clipboard.writeText(src.value).then(done, function () { document.execCommand("copy"); done(); });
        else { document.execCommand("copy"); done(); }
      });
    });
    // Boxes with a limit show how much is typed: data-count names the
    // element whose data-of ("{1} of 1,000 characters") is filled in.
    document.querySelectorAll("textarea[data-count]").forEach(function (box) {
      var out = document.getElementById(box.getAttribute("data-count"));
      if (!out) return;
      var show = function () { out.textContent = out.getAttribute("data-of").replace("{1}", Array.from(box.value).length); };
      box.addEventListener("input", show);
      show();
    });
  });
})();
