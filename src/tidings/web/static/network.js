// The co-actor network of an actor page, from #network-data: the actor in the middle,
// edges as wide as the number of events they share. Labels are drawn on a canvas.
(function () {
  "use strict";
  var box = document.getElementById("network");
  var block = document.getElementById("network-data");
  if (!box || !block || !window.cytoscape) { return; }
  var data = JSON.parse(block.dataset.json);
  var elements = data.nodes.map(function (n) {
    return { data: { id: n.id, label: n.label, me: n.me ? 1 : 0 } };
  }).concat(data.edges.map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight } };
  }));
  var network = cytoscape({
    container: box,
    elements: elements,
    layout: { name: data.nodes.length > 2 ? "concentric" : "grid", concentric: function (n) { return n.data("me") ? 2 : 1; }, levelWidth: function () { return 1; } },
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 10, "background-color": "#3d8fc6", "width": 14, "height": 14 } },
      { selector: "node[me = 1]", style: { "background-color": "#b5482d", "width": 20, "height": 20 } },
      { selector: "edge", style: { "width": "mapData(weight, 1, 10, 1, 6)", "line-color": "#9fb3c4" } }
    ]
  });
  network.on("tap", "node", function (event) {
    var id = event.target.id();
    if (!event.target.data("me")) { window.location.href = "/actors/" + encodeURIComponent(id); }
  });
})();
