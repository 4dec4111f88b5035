// The events explorer: the filters redraw the table (htmx), and then the map and the
// timeline from the new #points-data and #timeline-data blocks; a click on a row finds
// its event on the map and on the timeline.
(function () {
  "use strict";
  var timelineBox = document.getElementById("timeline");
  if (timelineBox) { timelineBox.dataset.follow = "no"; }

  function redraw() {
    var points = document.getElementById("points-data");
    var dated = document.getElementById("timeline-data");
    if (points && window.tidingsMap) { window.tidingsMap.draw(JSON.parse(points.dataset.json)); }
    if (dated && window.tidingsTimeline) { window.tidingsTimeline.draw(JSON.parse(dated.dataset.json)); }
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id === "results") { redraw(); }
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-members]");
    if (!row || event.target.closest("a")) { return; }
    var keys = row.dataset.members.split(" ").filter(Boolean);
    document.querySelectorAll("tr.chosen").forEach(function (r) { r.classList.remove("chosen"); });
    row.classList.add("chosen");
    if (window.tidingsMap) { window.tidingsMap.focus(keys); }
    if (window.tidingsTimeline) {
      var docs = keys.map(function (k) { return k.split(":")[0]; });
      var found = window.tidingsTimeline.items.get({ filter: function (it) { return docs.indexOf(it.doc) !== -1; } });
      if (found.length) {
        window.tidingsTimeline.timeline.setSelection(found.map(function (it) { return it.id; }), { focus: true });
      }
    }
  });
})();
