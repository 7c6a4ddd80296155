// Adds a « Imprimer » button where the page leaves a slot; without JavaScript the browser's
// own print command does the same (the page has a print stylesheet).
document.querySelectorAll("[data-print-slot]").forEach(function (slot) {
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = "Imprimer";
  button.addEventListener("click", function () { window.print(); });
  slot.appendChild(button);
});
