// A timeline of dated events from the page's #timeline-data block; each item's text is
// set as text. window.tidingsTimeline lets other scripts redraw it and select items.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box || !window.vis) { return; }
  var items = new vis.DataSet();
  var timeline = new vis.Timeline(box, items, { height: "260px", stack: true, zoomMin: 86400000 });

  function item(event) {
    var label = document.createElement("span");
    label.textContent = event.content;
    return { id: event.id, start: event.start, content: label, doc: event.doc };
  }

  function draw(events) {
    items.clear();
    items.add(events.map(item));
    if (events.length) { timeline.fit({ animation: false }); }
  }

  timeline.on("select", function (selected) {
    var chosen = items.get(selected.items[0]);
    if (chosen && chosen.doc && box.dataset.follow !== "no") {
      window.location.href = "/documents/" + encodeURIComponent(chosen.doc);
    }
  });

  window.tidingsTimeline = { draw: draw, timeline: timeline, items: items };
  var block = document.getElementById("timeline-data");
  if (block) { draw(JSON.parse(block.dataset.json)); }
})();
