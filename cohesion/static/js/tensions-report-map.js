// The report form's map: ward outlines drawn with Leaflet and no base tiles (works offline).
// Tapping the map marks where it happened: it fills the hidden longitude and latitude
// and chooses the ward in the list, so the list (the no-JavaScript way) and the map agree.
(function () {
  "use strict";
  var element = document.getElementById("report-map");
  if (!element || !window.L || !window.fetch) { return; }
  var lonInput = document.getElementById(element.getAttribute("data-longitude-input"));
  var latInput = document.getElementById(element.getAttribute("data-latitude-input"));
  var areaInput = document.getElementById(element.getAttribute("data-area-input"));
  var status = document.getElementById("report-map-status");
  if (!lonInput || !latInput) { return; }
  element.hidden = false;

  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: ONS, OGL v3.0");
  var marker = null;
  var layer = null;

  function say(text) { if (status) { status.textContent = text; } }

  function clearMark() {
    if (marker) { map.removeLayer(marker); marker = null; }
    lonInput.value = "";
    latInput.value = "";
    say("");
  }

  function mark(latlng, feature) {
    lonInput.value = latlng.lng.toFixed(6);
    latInput.value = latlng.lat.toFixed(6);
    if (marker) { map.removeLayer(marker); }
    marker = L.circleMarker(latlng, { radius: 9, color: "#0b0c0c", weight: 3, fillColor: "#ffdd00", fillOpacity: 1 }).addTo(map);
    if (feature && areaInput) { areaInput.value = feature.properties.code; }
    var name = feature ? feature.properties.name + ", " + feature.properties.council : "";
    say(element.getAttribute("data-label-chosen") + " " + name);
  }

  if (areaInput) {
    // Choosing from the list again means the list wins over an older mark.
    areaInput.addEventListener("change", function () { clearMark(); });
  }

  fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      layer = L.geoJSON(data, {
        style: function () { return { color: "#0b0c0c", weight: 1, fillColor: "#5694ca", fillOpacity: 0.25 }; },
        onEachFeature: function (feature, polygon) {
          polygon.bindTooltip(feature.properties.name, { sticky: true });
          polygon.on("click", function (event) { mark(event.latlng, feature); });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      // (after fitBounds: Leaflet draws the outlines only once the map has a view)
      // The ward list is the keyboard and screen-reader way to choose an area, so the
      // outlines are for mouse and touch only: none of them is a tab stop.
      layer.eachLayer(function (polygon) {
        var path = polygon.getElement && polygon.getElement();
        if (path) {
          path.setAttribute("tabindex", "-1");
          path.setAttribute("focusable", "false");
        }
      });
      if (lonInput.value && latInput.value) {
        var restored = L.latLng(parseFloat(latInput.value), parseFloat(lonInput.value));
        marker = L.circleMarker(restored, { radius: 9, color: "#0b0c0c", weight: 3, fillColor: "#ffdd00", fillOpacity: 1 }).addTo(map);
      }
      element.setAttribute("data-ready", "true");
    })
    .catch(function () { element.hidden = true; });
})();
