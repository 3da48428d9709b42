// The tension board map: each ward filled with its tension level's colour, drawn with
// Leaflet and no base tiles so it works offline. Every ward is a link to its record;
// Tab to it and press Enter. The table beside the map holds the same levels in words.
(function () {
  "use strict";
  var element = document.getElementById("tension-map");
  if (!element || !window.L) { return; }
  element.innerHTML = "";
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: ONS, OGL v3.0");
  fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          return { color: "#0b0c0c", weight: 1, fillColor: feature.properties.fill, fillOpacity: 0.85 };
        },
        onEachFeature: function (feature, polygon) {
          var props = feature.properties;
          polygon.bindTooltip(props.label, { sticky: true });
          if (props.url) {
            polygon.on("click", function () { window.location.href = props.url; });
          }
          polygon.on("add", function () {
            var path = polygon.getElement();
            if (!path) { return; }
            path.setAttribute("data-code", props.code);
            path.setAttribute("aria-label", props.label);
            if (props.url) {
              path.setAttribute("tabindex", "0");
              path.setAttribute("role", "link");
              path.addEventListener("keydown", function (event) {
                if (event.key === "Enter") { window.location.href = props.url; }
              });
            }
          });
        }
      }).addTo(map);
      if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [8, 8] }); }
      element.setAttribute("data-ready", "true");
    })
    .catch(function () {
      element.innerHTML = '<p class="govuk-body govuk-!-padding-3">The map could not be drawn. The same information is in the table below.</p>';
    });
})();
