// Follows a document job (portal.document_jobs): polls its JSON status, updates the progress
// bar, reloads the page when the job is finished.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true") { return; }
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-text");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        if (state.finished) { window.location.reload(); return; }
        if (bar) { bar.value = state.percent; bar.textContent = state.percent + " %"; }
        if (text && state.total) {
          text.textContent = "En préparation : " + state.done + " sur " + state.total + ".";
        }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
