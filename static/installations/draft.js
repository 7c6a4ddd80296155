// Progressive enhancement of the request form: saves the draft as the newcomer types, and
// suggests covered communes. Without JavaScript the « Enregistrer le brouillon » button does
// the same job.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.set("action", "save");
    // form.action would be the button named « action »: read the attribute instead.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      headers: { "X-Autosave": "1" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (result) {
      if (!status) { return; }
      status.textContent = result.saved
        ? "Brouillon enregistré à " + result.at + "."
        : "Brouillon non enregistré : vérifiez les champs signalés.";
    }).catch(function () {
      if (status) { status.textContent = "Enregistrement automatique impossible pour l'instant ; utilisez le bouton « Enregistrer le brouillon »."; }
    });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  });
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 400);
  });
}());

// Suggestions of covered communes, « Nom (code postal) », in any form that carries the
// datalist (the request, the ambassador's sign-up). Without JavaScript, an ambiguous commune
// comes back with the candidates to pick.
(function () {
  "use strict";
  var list = document.getElementById("communes-suggestions");
  var input = document.querySelector("input[list='communes-suggestions']");
  if (!list || !input) { return; }
  var suggestTimer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(suggestTimer);
    var parts = input.value.split(",");
    var current = parts[parts.length - 1].trim();
    if (current.length < 2) { return; }
    suggestTimer = window.setTimeout(function () {
      fetch(list.dataset.url + "?q=" + encodeURIComponent(current), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (result) {
          var prefix = parts.slice(0, -1).map(function (p) { return p.trim(); }).filter(Boolean);
          list.replaceChildren.apply(list, result.results.map(function (item) {
            var option = document.createElement("option");
            option.value = prefix.concat([item.label]).join(", ");
            option.label = item.label + " — " + item.department;
            return option;
          }));
        });
    }, 250);
  });
}());
