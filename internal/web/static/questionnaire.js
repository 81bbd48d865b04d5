// attune: the parent's questionnaire saves each answer as it is chosen, so a
// closed browser loses nothing. The page works without this script too.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave]");
    if (!form || !window.fetch || !window.FormData) return;
    form.addEventListener("change", function () {
      var data = new FormData(form);
      data.set("act", "autosave");
      fetch(form.action, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" }).catch(function () {});
    });
  });
})();
