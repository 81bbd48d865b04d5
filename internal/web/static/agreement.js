// agreement.js: step through the differences between two codings with J
// (next) and K (before); the film goes to each and the timeline marks it.
(function () {
  "use strict";
  // Place and colour the moments on the side-by-side timeline.
  for (const m of document.querySelectorAll(".ag-m")) {
    m.style.left = m.dataset.left + "%";
    m.style.width = m.dataset.width + "%";
    m.style.backgroundColor = m.dataset.colour;
  }
  const list = document.getElementById("ag-diffs");
  if (!list) return;
  const items = Array.from(list.querySelectorAll(".ag-diff"));
  const video = document.getElementById("ag-video");
  const now = document.getElementById("ag-now");
  let at = -1;

  function show(i) {
    if (i < 0 || i >= items.length) return;
    if (at >= 0) items[at].classList.remove("ag-current");
    at = i;
    const li = items[i];
    li.classList.add("ag-current");
    li.focus();
    now.hidden = false;
    now.style.left = li.dataset.left + "%";
    now.style.width = li.dataset.width + "%";
    if (video) {
      video.pause();
      video.currentTime = Number(li.dataset.seconds);
    }
  }

  items.forEach((li, i) => li.querySelector(".ag-go").addEventListener("click", () => show(i)));
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === "j" || e.key === "J") { e.preventDefault(); show(Math.min(at + 1, items.length - 1)); }
    if (e.key === "k" || e.key === "K") { e.preventDefault(); show(Math.max(at - 1, 0)); }
  });
})();
