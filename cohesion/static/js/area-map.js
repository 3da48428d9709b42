// Draws every map on a page: the polygons named by each .cohesion-map element's data-geojson,
// with Leaflet and no base tiles, so maps work offline. One script serves area pages,
// choropleths, rankings and the tension board.
//
// Each GeoJSON feature's properties may give:
//   fill  (or colour)  the polygon's fill; otherwise the area shade, darker for data-highlight
//   label (or name)    the tooltip and the accessible name
//   url                makes the polygon a link: click it, or Tab to it and press Enter
// Polygons without a url can still be reached with Tab; focus shows the tooltip.
(function () {
  "use strict";
  if (!window.L) { return; }

  function draw(element) {
    var highlight = element.getAttribute("data-highlight");
    var fallback = element.getAttribute("data-fallback") || "The map could not be drawn. The same information is in the table on this page.";
    element.innerHTML = "";
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: ONS, OGL v3.0");

    function style(feature) {
      var props = feature.properties;
      var fill = props.fill || props.colour;
      if (fill) { return { color: "#0b0c0c", weight: 1, fillColor: fill, fillOpacity: 0.85 }; }
      var selected = props.code === highlight;
      return { color: "#0b0c0c", weight: 1, fillColor: selected ? "#1d70b8" : "#5694ca", fillOpacity: selected ? 0.6 : 0.35 };
    }

    function decorate(feature, polygon) {
      var props = feature.properties;
      var label = props.label || props.name;
      polygon.bindTooltip(label, { sticky: true });
      if (props.url) {
        polygon.on("click", function () { window.location.href = props.url; });
      }
      polygon.on("add", function () {
        var path = polygon.getElement();
        if (!path) { return; }
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", props.url ? "link" : "img");
        path.setAttribute("aria-label", label);
        path.setAttribute("data-code", props.code);
        path.addEventListener("focus", function () { polygon.openTooltip(); });
        path.addEventListener("blur", function () { polygon.closeTooltip(); });
        if (props.url) {
          path.addEventListener("keydown", function (event) {
            if (event.key === "Enter") { window.location.href = props.url; }
          });
        }
      });
    }

    fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        // Points (directory services) are drawn as circles, so no marker images are needed offline.
        var pointToLayer = function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 8, color: "#0b0c0c", weight: 2, fillColor: "#ffdd00", fillOpacity: 1 });
        };
        var layer = L.geoJSON(data, { style: style, onEachFeature: decorate, pointToLayer: pointToLayer }).addTo(map);
        if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [8, 8] }); }
        element.setAttribute("data-ready", "true");
      })
      .catch(function () {
        element.innerHTML = "";
        var message = document.createElement("p");
        message.className = "govuk-body govuk-!-padding-3";
        message.textContent = fallback;
        element.appendChild(message);
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".cohesion-map[data-geojson]"), draw);
})();
