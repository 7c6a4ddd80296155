/* The directory's map: Leaflet, tiles from the configured server (none if empty), markers
   from the JSON endpoint. Without JavaScript, or without Leaflet, the list alone works. */
(function () {
  "use strict";
  var element = document.getElementById("carte");
  if (!element || typeof window.L === "undefined") { return; }
  element.hidden = false;
  var map = window.L.map(element, { scrollWheelZoom: false });
  var tileUrl = element.dataset.tileUrl;
  if (tileUrl) {
    window.L.tileLayer(tileUrl, {
      maxZoom: 18,
      attribution: "&copy; contributeurs OpenStreetMap"
    }).addTo(map);
  }

  function popup(name, href, details) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = href;
    link.textContent = name;
    box.appendChild(link);
    if (details) {
      var text = document.createElement("p");
      text.textContent = details;
      box.appendChild(text);
    }
    return box;
  }

  function addMarker(lat, lon, content) {
    return window.L.circleMarker([lat, lon], { radius: 7, weight: 2 }).bindPopup(content).addTo(map);
  }

  if (element.dataset.lat) {
    var lat = parseFloat(element.dataset.lat);
    var lon = parseFloat(element.dataset.lon);
    map.setView([lat, lon], 13);
    addMarker(lat, lon, popup(element.dataset.name, window.location.pathname, ""));
    element.dataset.ready = "1";
    return;
  }

  map.setView([44.6, 1.6], 8);
  fetch(element.dataset.markersUrl, { headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var bounds = [];
      data.structures.forEach(function (item) {
        var details = item.kind + " — " + item.commune;
        if (item.open_vacancies) { details += " · " + item.open_vacancies + " poste(s) à pourvoir"; }
        addMarker(item.lat, item.lon, popup(item.name, item.url, details));
        bounds.push([item.lat, item.lon]);
      });
      if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 }); }
      element.dataset.markers = String(bounds.length);
    })
    .catch(function () { element.hidden = true; });
}());
