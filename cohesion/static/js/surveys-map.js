// Survey results map: ward polygons shaded by the chosen question's weighted estimate.
// Drawn with Leaflet and no base tiles, so it works offline. The same figures are in
// the table under the map; each ward can be reached with the keyboard.
(function () {
  "use strict";
  var element = document.getElementById("survey-map");
  if (!element || !window.L) { return; }
  element.innerHTML = "";
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: ONS, OGL v3.0");
  function describe(props) {
    if (props.estimate === null || props.estimate === undefined) {
      return props.name + ": too few responses";
    }
    return props.name + ": " + props.estimate.toFixed(1) + "% (95% interval " +
      props.lower.toFixed(1) + "–" + props.upper.toFixed(1) + "%, base " + props.base + ")";
  }
  fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          var colour = feature.properties.colour || "#f3f2f1";
          return { color: "#0b0c0c", weight: 1, fillColor: colour, fillOpacity: 0.85 };
        },
        onEachFeature: function (feature, polygon) {
          var props = feature.properties;
          polygon.bindTooltip(describe(props), { sticky: true });
          polygon.on("add", function () {
            var path = polygon.getElement();
            if (!path) { return; }
            path.setAttribute("tabindex", "0");
            path.setAttribute("role", "img");
            path.setAttribute("aria-label", describe(props));
            path.setAttribute("data-code", props.code);
            path.addEventListener("focus", function () { polygon.openTooltip(); });
            path.addEventListener("blur", function () { polygon.closeTooltip(); });
          });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      element.setAttribute("data-ready", "true");
    })
    .catch(function () {
      element.innerHTML = '<p class="govuk-body govuk-!-padding-3">The map could not be drawn. The figures are in the table below.</p>';
    });
})();
