// hlmgraph network view: draws the embedded data with vis-network (global `network`).
"use strict";
var network = null;
(function () {
  var data = JSON.parse(document.getElementById("hlmgraph-data").textContent);
  completeTooltips(data);
  // pyvis' show_buttons(): vis-network's option editor goes under the panel.
  if (data.options.configure && data.options.configure.enabled) {
    var box = document.createElement("div");
    box.id = "config";
    document.getElementById("panel").appendChild(box);
    data.options.configure.container = box;
  }
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  // Small views settle briefly (overlaps removed), then stay still.
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
  });
  network.once("afterDrawing", function () {
    window.hlmgraphFirstDraw = performance.now();
    document.body.setAttribute("data-drawn", "1");
    setTimeout(declutter, 0);
  });

  // Labels never overlap: after each zoom, the labels of the largest circles are
  // drawn first and a label that would cross one already drawn is left out.
  var fullLabels = {};
  window.hlmgraphDeclutters = 0;
  function declutter() {
    var restore = Object.keys(fullLabels).map(function (id) {
      return { id: id, label: fullLabels[id] };
    });
    fullLabels = {};
    if (restore.length) { nodes.update(restore); }
    network.redraw();
    var shown = Object.values(network.body.nodes).filter(function (n) {
      return !n.options.hidden && n.options.label && n.labelModule.visible();
    });
    shown.sort(function (a, b) {
      return (b.options.value || 0) - (a.options.value || 0) || (a.id < b.id ? -1 : 1);
    });
    var kept = [];
    var hide = [];
    shown.forEach(function (n) {
      var s = n.labelModule.size;
      var box = { l: s.left, t: s.top, r: s.left + s.width, b: s.top + s.height };
      var crossing = kept.some(function (k) {
        return box.l < k.r && k.l < box.r && box.t < k.b && k.t < box.b;
      });
      if (crossing) {
        fullLabels[n.id] = n.options.label;
        hide.push({ id: n.id, label: "" });
      } else {
        kept.push(box);
      }
    });
    if (hide.length) { nodes.update(hide); }
    network.redraw();
    window.hlmgraphDeclutters += 1;
  }
  var pending = null;
  function declutterSoon() {
    clearTimeout(pending);
    pending = setTimeout(declutter, 150);
  }
  network.on("zoom", declutterSoon);
  network.on("dragEnd", declutterSoon);
  network.on("stabilized", declutterSoon);

  // Legend entries hide or show their nodes (and the links that end on them).
  document.querySelectorAll("#legend [data-kind]").forEach(function (button) {
    button.addEventListener("click", function () {
      var kind = button.getAttribute("data-kind");
      var show = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", show ? "true" : "false");
      var changed = nodes.get({ filter: function (n) { return n.kind === kind; } })
        .map(function (n) { return { id: n.id, hidden: !show }; });
      nodes.update(changed);
      declutterSoon();
    });
  });

  // Search by name: the datalist is filled with text values only.
  var list = document.getElementById("names");
  var labels = nodes.get({ fields: ["id", "label"] });
  labels.sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; });
  var fragment = document.createDocumentFragment();
  labels.forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    fragment.appendChild(option);
  });
  list.appendChild(fragment);
  var input = document.getElementById("search");
  var status = document.getElementById("search-status");
  function find() {
    var query = input.value.trim().toLowerCase();
    status.textContent = "";
    if (!query) { network.unselectAll(); return; }
    var hit = labels.find(function (n) { return n.label.toLowerCase() === query; }) ||
      labels.find(function (n) { return n.label.toLowerCase().indexOf(query) >= 0; });
    if (!hit) { status.textContent = data.words.none; return; }
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.2, animation: false });
  }
  input.addEventListener("change", find);
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") { find(); } });
})();

// Tooltips are plain text (vis-network sets them with innerText). Contract labels
// are listed once in data.contracts; nodes and links refer to them by number (c),
// and nodes carry their gap messages (m).
function completeTooltips(data) {
  var catalog = data.contracts || [];
  var listed = data.listed || 5;
  var words = data.words;
  // Numbers in French format (narrow no-break space between thousands).
  function say(template, n) {
    return template.replace("{n}", n.toLocaleString("fr-FR").replace(/[\u00a0 ]/g, "\u202f"));
  }
  function contractLines(refs) {
    var lines = refs.slice(0, listed).map(function (i) { return "• " + catalog[i]; });
    if (refs.length > listed) { lines.push(say(words.more, refs.length - listed)); }
    return lines;
  }
  data.nodes.forEach(function (node) {
    var lines = [node.title];
    if (node.c && node.c.length) {
      lines.push(say(words.contracts, node.c.length));
      lines = lines.concat(contractLines(node.c));
    }
    (node.m || []).forEach(function (message) { lines.push(words.gap + message); });
    (node.a || []).forEach(function (message) { lines.push(words.alert + message); });
    node.title = lines.join("\n");
    delete node.c;
    delete node.m;
    delete node.a;
  });
  data.edges.forEach(function (edge) {
    if (edge.c) {
      var n = edge.c.length;
      var lines = [edge.title, say(n > 1 ? words.commons : words.common, n)];
      edge.title = lines.concat(contractLines(edge.c)).join("\n");
      delete edge.c;
    }
  });
}
