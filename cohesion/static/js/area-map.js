// Draws an area's polygons with Leaflet and no base tiles, so the map works offline.
// Each polygon is a link: click it, or Tab to it and press Enter.
(function () {
  "use strict";
  var element = document.getElementById("area-map");
  if (!element || !window.L) { return; }
  element.innerHTML = "";
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true, preferCanvas: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: ONS, OGL v3.0");
  var highlight = element.getAttribute("data-highlight");
  fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          var selected = feature.properties.code === highlight;
          return { color: "#0b0c0c", weight: 1, fillColor: selected ? "#1d70b8" : "#5694ca", fillOpacity: selected ? 0.6 : 0.35 };
        },
        onEachFeature: function (feature, polygon) {
          var props = feature.properties;
          polygon.bindTooltip(props.name, { sticky: true });
          polygon.on("click", function () { window.location.href = props.url; });
          polygon.on("add", function () {
            var path = polygon.getElement();
            if (!path) { return; }
            path.setAttribute("tabindex", "0");
            path.setAttribute("role", "link");
            path.setAttribute("aria-label", props.name);
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
      element.innerHTML = '<p class="govuk-body govuk-!-padding-3">The map could not be drawn. The areas are listed below.</p>';
    });
})();
