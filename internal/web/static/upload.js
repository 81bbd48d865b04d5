// attune: resumable video upload (tus) with a progress line per file, then
// live processing progress. Uploads resume after a dropped connection or a
// page reload: choosing the same file again continues where it stopped.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.tus) return;
  var caseID = form.getAttribute("data-case");
  var input = document.getElementById("upload-files");
  var list = document.getElementById("upload-list");
  var drop = document.getElementById("upload-drop");

  function human(n) {
    var units = ["bytes", "KB", "MB", "GB", "TB"], i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + " " + units[i];
  }
  function duration(s) {
    if (!isFinite(s) || s < 0) return "";
    if (s < 60) return "less than a minute left";
    var m = Math.round(s / 60);
    if (m < 60) return "about " + m + (m === 1 ? " minute" : " minutes") + " left";
    var h = Math.floor(m / 60);
    return "about " + h + (h === 1 ? " hour " : " hours ") + (m % 60) + " min left";
  }
  function storageKey(file) {
    return "attune-upload:" + caseID + ":" + file.name + ":" + file.size + ":" + file.lastModified;
  }
  function row(file) {
    var li = document.createElement("li");
    li.className = "upload-row";
    var name = document.createElement("p");
    name.className = "upload-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 1; bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + file.name);
    var status = document.createElement("p");
    status.className = "upload-status";
    status.setAttribute("role", "status");
    li.appendChild(name); li.appendChild(bar); li.appendChild(status);
    list.appendChild(li);
    var none = document.getElementById("no-films");
    if (none) none.hidden = true;
    return { bar: bar, status: status, li: li };
  }
  function api(method, url, body) {
    var opts = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    return fetch(url, opts).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error((data.error && data.error.message) || ("The server answered " + res.status + "."));
        return data;
      });
    });
  }
  function recordingFor(file) {
    var saved = localStorage.getItem(storageKey(file));
    var fresh = function () {
      return api("POST", "/api/v1/cases/" + caseID + "/recordings", { filename: file.name, size: file.size }).then(function (rec) {
        localStorage.setItem(storageKey(file), rec.id);
        return rec;
      });
    };
    if (!saved) return fresh();
    return api("GET", "/api/v1/recordings/" + saved).then(function (rec) {
      return rec.status === "uploading" ? rec : fresh();
    }, fresh);
  }
  function watchProcessing(rec, ui) {
    api("GET", "/api/v1/recordings/" + rec.id).then(function (now) {
      if (now.status === "uploading") { // the rest of the file is still to come
        setTimeout(function () { watchProcessing(rec, ui); }, 3000);
        return;
      }
      if (!ui.bar) {
        ui.bar = document.createElement("progress");
        ui.bar.max = 1;
        ui.bar.setAttribute("aria-label", "Preparing " + now.filename);
        ui.status.parentNode.insertBefore(ui.bar, ui.status);
        ui.status.setAttribute("role", "status");
      }
      if (now.status === "ready") {
        ui.bar.value = 1;
        ui.status.textContent = "Ready to watch. ";
        var a = document.createElement("a");
        a.href = "/recordings/" + now.id; a.textContent = "Open the recording";
        ui.status.appendChild(a);
        return;
      }
      if (now.status === "failed") {
        ui.li.classList.add("upload-failed");
        ui.bar.hidden = true;
        ui.status.textContent = now.error || "We couldn't process this recording.";
        return;
      }
      ui.bar.value = now.progress || 0;
      ui.status.textContent = "Preparing the recording for viewing… " + Math.round((now.progress || 0) * 100) + "%";
      setTimeout(function () { watchProcessing(rec, ui); }, 1500);
    }, function (err) { ui.status.textContent = err.message; });
  }
  function send(file) {
    var ui = row(file);
    ui.status.textContent = "Starting…";
    recordingFor(file).then(function (rec) {
      forget(rec.id);
      var started = Date.now(), startBytes = null;
      var upload = new tus.Upload(file, {
        uploadUrl: rec.upload_url,
        chunkSize: 8 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
        storeFingerprintForResuming: false,
        onProgress: function (sent, total) {
          if (startBytes === null) { startBytes = sent; started = Date.now(); }
          var secs = (Date.now() - started) / 1000, speed = secs > 0.5 ? (sent - startBytes) / secs : 0;
          ui.bar.value = total ? sent / total : 0;
          ui.status.textContent = human(sent) + " of " + human(total) +
            (speed > 0 ? " · " + human(speed) + "/s · " + duration((total - sent) / speed) : "");
        },
        onError: function (err) {
          var msg = (err && err.originalResponse && err.originalResponse.getBody && err.originalResponse.getBody()) || "";
          try { msg = JSON.parse(msg).error.message; } catch (e) { msg = ""; }
          ui.li.classList.add("upload-failed");
          ui.status.textContent = (msg || "The upload stopped: the connection may have dropped.") +
            " Choose the same file again to continue where it stopped.";
        },
        onSuccess: function () {
          localStorage.removeItem(storageKey(file));
          ui.status.textContent = "Uploaded. Preparing the recording for viewing…";
          watchProcessing(rec, ui);
        }
      });
      upload.start();
    }, function (err) {
      ui.li.classList.add("upload-failed");
      ui.bar.hidden = true;
      ui.status.textContent = err.message;
    });
  }
  // forget takes a recording the page was rendered with out of the list of
  // films, when its upload continues in the list of uploads.
  function forget(id) {
    document.querySelectorAll(".recording-list [data-processing]").forEach(function (el) {
      if (el.getAttribute("data-processing") === id) el.parentNode.removeChild(el);
    });
  }
  function sendAll(files) { for (var i = 0; i < files.length; i++) send(files[i]); }
  form.addEventListener("submit", function (e) { e.preventDefault(); sendAll(input.files); input.value = ""; });
  input.addEventListener("change", function () { sendAll(input.files); input.value = ""; });
  if (drop) {
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("dragging"); });
    });
    drop.addEventListener("drop", function (e) { sendAll(e.dataTransfer.files); });
  }
  document.querySelectorAll("[data-processing]").forEach(function (el) {
    watchProcessing({ id: el.getAttribute("data-processing") }, {
      bar: el.querySelector("progress"), status: el.querySelector(".upload-status"), li: el
    });
  });
})();
