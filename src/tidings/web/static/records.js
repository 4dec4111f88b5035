// Hovering, focusing or clicking an element with data-records shows those records
// (from the data-json of the page's #records element) in the side panel.
// Every value goes in as text, never as markup.
(function () {
  "use strict";
  var panel = document.getElementById("record");
  var pinned = null;

  function recordsOf() {
    var block = document.getElementById("records");
    if (!block) { return {}; }
    if (!block._parsed) { block._parsed = JSON.parse(block.dataset.json); }
    return block._parsed;
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function show(keys) {
    var all = recordsOf();
    var found = keys.map(function (k) { return all[k]; }).filter(Boolean);
    if (!found.length) { return; }
    panel.replaceChildren();
    found.forEach(function (record) {
      var box = element("section", null, "one " + record.kind);
      box.appendChild(element("h3", record.title));
      var list = element("dl");
      record.fields.forEach(function (pair) {
        list.appendChild(element("dt", pair[0]));
        list.appendChild(element("dd", pair[1]));
      });
      box.appendChild(list);
      if (record.evidence) {
        box.appendChild(element("p", "Evidence", "label"));
        box.appendChild(element("blockquote", record.evidence));
      }
      if (record.link) {
        var link = element("a", "open");
        link.href = record.link;
        box.appendChild(link);
      }
      panel.appendChild(box);
    });
    panel.hidden = false;
  }

  function keysAt(target) {
    var holder = target.closest ? target.closest("[data-records]") : null;
    return holder ? holder.getAttribute("data-records").split(" ").filter(Boolean) : null;
  }

  document.addEventListener("mouseover", function (event) {
    var keys = keysAt(event.target);
    if (keys && !pinned) { show(keys); }
  });
  document.addEventListener("focusin", function (event) {
    var keys = keysAt(event.target);
    if (keys) { show(keys); }
  });
  document.addEventListener("click", function (event) {
    var keys = keysAt(event.target);
    if (!keys) { return; }
    if (event.target.closest("a[href='#']")) { event.preventDefault(); }
    pinned = pinned === keys.join(" ") ? null : keys.join(" ");
    show(keys);
  });
})();
