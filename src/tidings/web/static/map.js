// A map of event points: country shapes from world-atlas (no tile server, no network),
// one circle per located event. Points come from the page's #points-data block or from
// the URL in #map's data-points-url. window.tidingsMap lets other scripts redraw it.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.L) { return; }
  var map = L.map(box, { worldCopyJump: true, attributionControl: false }).setView([30, 20], 2);
  fetch("/static/vendor/world-atlas/countries-110m.json")
    .then(function (r) { return r.json(); })
    .then(function (atlas) {
      var shapes = topojson.feature(atlas, atlas.objects.countries);
      L.geoJSON(shapes, { style: { color: "#8a9aa8", weight: 0.6, fillColor: "#eef2f5", fillOpacity: 1 } })
        .addTo(map).bringToBack();
    });
  var layer = L.layerGroup().addTo(map);
  var byKey = {};

  function popup(point) {
    var node = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = point.type + " · " + (point.date || "undated");
    var place = document.createElement("div");
    place.textContent = point.place;
    var link = document.createElement("a");
    link.href = "/documents/" + encodeURIComponent(point.doc_id);
    link.textContent = point.title || point.doc_id;
    node.append(title, place, link);
    return node;
  }

  function draw(points) {
    layer.clearLayers();
    byKey = {};
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lon], {
        radius: 6, color: "#1f5f8b", weight: 1, fillColor: "#3d8fc6", fillOpacity: 0.7,
        className: "event-marker"
      }).bindPopup(popup(point));
      marker.addTo(layer);
      byKey[point.doc_id + ":" + point.event_id] = marker;
    });
  }

  function focus(keys) {
    for (var i = 0; i < keys.length; i++) {
      var marker = byKey[keys[i]];
      if (marker) {
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 4));
        marker.openPopup();
        return true;
      }
    }
    return false;
  }

  window.tidingsMap = { draw: draw, focus: focus };
  var block = document.getElementById("points-data");
  if (block) {
    draw(JSON.parse(block.dataset.json));
  } else if (box.dataset.pointsUrl) {
    fetch(box.dataset.pointsUrl)
      .then(function (r) { return r.json(); })
      .then(function (data) { draw(data.items); });
  }
})();
