// attune: the parent's questionnaire saves each answer as it is chosen, so a
// closed browser loses nothing. The page works without this script too.
// Saves go one after another; the server applies an autosave only to the
// answers it carries, so one arriving late can't undo a later answer.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave]");
    if (!form || !window.fetch || !window.FormData || !window.Promise) return;
    var pending = Promise.resolve();
    form.addEventListener("change", function () {
      var data = new FormData(form);
      data.set("act", "autosave");
      var body = new URLSearchParams(data);
      pending = pending.then(function () {
        return fetch(form.action, { method: "POST", body: body, credentials: "same-origin" });
      }).catch(function () {});
    });
  });
})();
