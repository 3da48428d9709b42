// Draws wards coloured by an indicator (or by priority rank) with Leaflet and no base tiles.
// Colours come from the server in each feature's properties; every ward is a keyboard-reachable link,
// and the same values are in the table beside the map.
(function () {
  "use strict";
  var element = document.getElementById("indicator-map");
  if (!element || !window.L) { return; }
  element.innerHTML = "";
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: ONS, OGL v3.0");
  fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          return { color: "#0b0c0c", weight: 1, fillColor: feature.properties.colour || "#ffffff", fillOpacity: 0.85 };
        },
        onEachFeature: function (feature, polygon) {
          var props = feature.properties;
          polygon.bindTooltip(props.label, { sticky: true });
          polygon.on("click", function () { window.location.href = props.url; });
          polygon.on("add", function () {
            var path = polygon.getElement();
            if (!path) { return; }
            path.setAttribute("tabindex", "0");
            path.setAttribute("role", "link");
            path.setAttribute("aria-label", props.label);
            path.setAttribute("data-code", props.code);
            path.addEventListener("keydown", function (event) {
              if (event.key === "Enter") { window.location.href = props.url; }
            });
          });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      element.setAttribute("data-ready", "true");
    })
    .catch(function () {
      element.innerHTML = '<p class="govuk-body govuk-!-padding-3">The map could not be drawn. The values are in the table below.</p>';
    });
})();
