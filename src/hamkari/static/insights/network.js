/* The link chart: Cytoscape.js over the JSON of insights/network/. The page is complete without this script
   (tables of nodes and links, exports of the start node's neighbourhood); the script draws the chart, brings
   in neighbours on a tap, asks the server for the shortest path between two tapped nodes and for communities,
   keeps the tables and the export forms in step with the chart. Everything it shows comes from the server,
   which reads through the visibility chokepoint; the script never invents a node. No inline script or style:
   the Content Security Policy allows only the platform's own files. */
(function () {
  "use strict";

  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                 "#bcbd22", "#7f7f7f"];
  var SHAPES = {person: "ellipse", organization: "round-rectangle", phone: "triangle", vehicle: "rectangle",
                account: "hexagon", document: "tag", address: "star", incident: "square", hit: "diamond"};
  var KIND_COLOURS = {person: "#1f77b4", organization: "#9467bd", phone: "#ff7f0e", vehicle: "#8c564b",
                      account: "#2ca02c", document: "#17becf", address: "#bcbd22", incident: "#333333",
                      hit: "#b42318"};

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function format(template, values) {
    return template.replace(/%\(([a-z_]+)\)s/g, function (_m, name) {
      return values[name] === undefined ? "" : values[name];
    });
  }

  function setup(root) {
    var strings = readJSON("network-strings") || {};
    var initial = readJSON("network-elements") || {nodes: [], edges: []};
    var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var rtl = document.documentElement.dir === "rtl";
    var status = document.getElementById("network-status");
    var pathButton = document.getElementById("network-path");
    var communitiesBox = document.getElementById("network-communities");
    var picked = [];
    var expanded = {};
    var busy = false;

    function setBusy(on) {
      busy = on;
      root.setAttribute("data-busy", on ? "1" : "0");  // the browser tests wait for "0"
    }

    root.hidden = false;
    setBusy(false);

    function say(text) { status.textContent = text; }

    /* The canvas draws text in the page's direction: on a right-to-left page "+93701234567" would come out as
       "93701234567+". A label without right-to-left letters is isolated left-to-right (LRI ... PDI). */
    var RTL_LETTERS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
    function shown(label) {
      label = label || "";
      return rtl && !RTL_LETTERS.test(label) ? "\u2066" + label + "\u2069" : label;
    }

    function capfirst(text) {
      text = text || "";
      return text.charAt(0).toUpperCase() + text.slice(1);
    }

    function nodeData(n) {
      n.shown = shown(n.label);
      return n;
    }

    function elementsOf(data) {
      var out = [];
      data.nodes.forEach(function (n) { out.push({group: "nodes", data: nodeData(n)}); });
      data.edges.forEach(function (e) { out.push({group: "edges", data: e}); });
      return out;
    }

    var cy = cytoscape({
      container: document.getElementById("network-canvas"),
      elements: elementsOf(initial),
      wheelSensitivity: 0.3,
      // A chart of two or three nodes is not blown up to fill the frame (labels would be huge); zooming in by
      // hand still goes further.
      maxZoom: 2.5,
      style: [
        {selector: "node", style: {
          "label": "data(shown)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120,
          "text-valign": "bottom", "text-margin-y": 3, "width": 22, "height": 22,
          "background-color": "#666666", "border-width": 3, "border-color": "#ffffff"}}
      ].concat(Object.keys(SHAPES).map(function (kind) {
        return {selector: "node[kind = '" + kind + "']",
                style: {"shape": SHAPES[kind], "background-color": KIND_COLOURS[kind]}};
      })).concat([
        {selector: "node[?colour]", style: {"border-color": "data(colour)"}},
        {selector: "node[?placeholder]", style: {
          "background-color": "#ffffff", "border-color": "#b42318", "border-style": "dashed", "border-width": 2,
          "color": "#7a1f16", "font-style": "italic"}},
        {selector: "node.start", style: {"width": 32, "height": 32}},
        {selector: "node.picked", style: {"overlay-color": "#14532d", "overlay-opacity": 0.25,
                                          "overlay-padding": 6}},
        {selector: "node.on-path", style: {"border-color": "#ffbf00", "border-width": 5}},
        {selector: "edge", style: {
          "width": 1.5, "line-color": "#9aa4ae", "curve-style": "bezier", "label": "data(label)",
          "font-size": 8, "color": "#57606a", "text-rotation": "autorotate", "text-background-color": "#ffffff",
          "text-background-opacity": 0.8}},
        {selector: "edge[?inferred]", style: {"line-style": "dashed", "line-color": "#1f77b4", "width": 2}},
        {selector: "edge[kind = 'hit']", style: {"line-color": "#b42318", "line-style": "dotted", "width": 2}},
        {selector: "edge.on-path", style: {"line-color": "#ffbf00", "width": 5}}
      ])
    });

    var start = cy.getElementById(root.getAttribute("data-start"));
    start.addClass("start");
    expanded[start.id()] = true;

    function layout(fit) {
      cy.layout({name: "cose", animate: false, randomize: false, fit: fit !== false, padding: 30,
                 nodeRepulsion: function () { return 8000; }, idealEdgeLength: function () { return 60; },
                 numIter: 1000}).run();
      if (fit !== false && cy.zoom() > 1.5) {
        cy.zoom(1.5);
        cy.center();
      }
    }

    function paintCommunities() {
      var on = communitiesBox.checked;
      cy.nodes().forEach(function (n) {
        var c = n.data("community");
        n.data("colour", on && c !== undefined && c !== null ? PALETTE[c % PALETTE.length] : null);
      });
    }

    function counts() {
      say(format(strings.counts, {nodes: numbers.format(cy.nodes().length),
                                  edges: numbers.format(cy.edges().length)}));
    }

    /* The tables under the chart (also what a screen reader reads) and the export forms follow the chart. */
    function cell(row, text, href) {
      var td = document.createElement("td");
      var bdi = document.createElement("bdi");
      bdi.setAttribute("dir", "auto");
      bdi.textContent = text;
      if (href) {
        var a = document.createElement("a");
        a.href = href;
        a.appendChild(bdi);
        td.appendChild(a);
      } else {
        td.appendChild(bdi);
      }
      row.appendChild(td);
    }

    function renderTables() {
      var nodes = document.querySelector("#network-nodes tbody");
      var edges = document.querySelector("#network-edges tbody");
      if (nodes) {
        nodes.textContent = "";
        cy.nodes().sort(function (a, b) { return a.id() < b.id() ? -1 : 1; }).forEach(function (n) {
          var d = n.data();
          var row = document.createElement("tr");
          row.setAttribute("data-id", d.id);
          cell(row, d.placeholder ? d.label + " · " + (d.band_label || "") + " " + (d.reference || "") : d.label,
               d.url);
          cell(row, capfirst(d.kind_label || d.kind));
          cell(row, d.agency ? d.agency + (d.country_name ? " · " + d.country_name : "") + " · " + (d.handling_label || "")
               : (d.band_label || ""));
          cell(row, d.community === undefined || d.community === null ? "" : numbers.format(d.community + 1));
          nodes.appendChild(row);
        });
      }
      if (edges) {
        edges.textContent = "";
        cy.edges().sort(function (a, b) { return a.id() < b.id() ? -1 : 1; }).forEach(function (e) {
          var row = document.createElement("tr");
          cell(row, e.source().data("label"));
          cell(row, e.data("inferred") ? e.data("label") + " (" + strings.inferred + ")" : e.data("label"));
          cell(row, e.target().data("label"));
          edges.appendChild(row);
        });
      }
      var countLine = document.getElementById("network-counts");
      if (countLine) {
        countLine.textContent = format(strings.counts, {nodes: numbers.format(cy.nodes().length),
                                                         edges: numbers.format(cy.edges().length)});
      }
      root.setAttribute("data-node-count", String(cy.nodes().length));
    }

    function nodeIds() {
      return JSON.stringify(cy.nodes().map(function (n) { return n.id(); }));
    }

    document.querySelectorAll("form.network-export").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelector("input[name=nodes]").value = nodeIds();
      });
    });

    function csrfToken() {
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function getJSON(url, options) {
      return fetch(url, Object.assign({credentials: "same-origin", headers: {"Accept": "application/json"}},
                                      options || {})).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) { throw new Error(body.error || strings.error); }
          return body;
        });
      });
    }

    function refreshCommunities() {
      if (!root.getAttribute("data-communities-url")) { return Promise.resolve(); }
      var body = new FormData();
      body.append("nodes", nodeIds());
      body.append("csrfmiddlewaretoken", csrfToken());
      return getJSON(root.getAttribute("data-communities-url"), {method: "POST", body: body,
                                                                  headers: {"Accept": "application/json",
                                                                            "X-CSRFToken": csrfToken()}})
        .then(function (answer) {
          cy.nodes().forEach(function (n) {
            var c = answer.communities[n.id()];
            n.data("community", c === undefined ? null : c);
          });
          paintCommunities();
          renderTables();
        }).catch(function () { /* colours are an aid: the chart stays usable without them */ });
    }

    function add(data) {
      var before = cy.nodes().length;
      var fresh = [];
      data.nodes.forEach(function (n) {
        if (cy.getElementById(n.id).empty()) { fresh.push({group: "nodes", data: nodeData(n)}); }
      });
      data.edges.forEach(function (e) {
        if (cy.getElementById(e.id).empty()) { fresh.push({group: "edges", data: e}); }
      });
      cy.add(fresh);
      return cy.nodes().length - before;
    }

    function expand(node) {
      if (busy || expanded[node.id()]) { return; }
      var parts = node.id().split(":");
      var url = root.getAttribute("data-expand-url").replace("KIND", encodeURIComponent(parts[0]))
        .replace("KEY", encodeURIComponent(parts.slice(1).join(":"))) + "?limit=" + root.getAttribute("data-limit");
      setBusy(true);
      say(strings.loading);
      getJSON(url).then(function (data) {
        expanded[node.id()] = true;
        var added = add(data);
        layout();
        var label = node.data("label");
        var message = added ? format(strings.expanded, {label: label, added: numbers.format(added)})
                            : format(strings.nothing_new, {label: label});
        if (data.truncated) { message += " " + format(strings.truncated, {limit: numbers.format(data.limit)}); }
        renderTables();
        say(message);
        return refreshCommunities();
      }).catch(function (error) { say(error.message || strings.error); })
        .then(function () { setBusy(false); });
    }

    function pick(node) {
      if (picked.indexOf(node.id()) === -1) {
        picked.push(node.id());
        if (picked.length > 2) { cy.getElementById(picked.shift()).removeClass("picked"); }
      }
      node.addClass("picked");
      pathButton.disabled = picked.length !== 2;
    }

    cy.on("tap", "node", function (event) {
      var node = event.target;
      pick(node);
      if (!expanded[node.id()]) {
        expand(node);
      } else {
        say(format(strings.picked, {names: picked.map(function (id) {
          return cy.getElementById(id).data("label");
        }).join(rtl ? " ، " : ", ")}));
      }
    });

    pathButton.addEventListener("click", function () {
      if (picked.length !== 2 || busy) { say(strings.pick_two); return; }
      var url = root.getAttribute("data-path-url") + "?from=" + encodeURIComponent(picked[0]) + "&to=" +
        encodeURIComponent(picked[1]);
      setBusy(true);
      say(strings.loading);
      cy.elements().removeClass("on-path");
      getJSON(url).then(function (data) {
        if (!data.path.length) {
          say(format(strings.no_path, {hops: numbers.format(data.max_hops)}));
          return null;
        }
        add(data);
        data.path.forEach(function (id) { cy.getElementById(id).addClass("on-path"); });
        data.edges.forEach(function (e) { cy.getElementById(e.id).addClass("on-path"); });
        layout();
        renderTables();
        say(format(strings.path, {hops: numbers.format(data.hops)}));
        return refreshCommunities();
      }).catch(function (error) { say(error.message || strings.error); })
        .then(function () { setBusy(false); });
    });

    communitiesBox.addEventListener("change", paintCommunities);
    document.getElementById("network-layout").addEventListener("click", function () { layout(); });
    document.getElementById("network-fit").addEventListener("click", function () { cy.fit(undefined, 30); });
    document.getElementById("network-clear").addEventListener("click", function () {
      picked = [];
      cy.elements().removeClass("picked on-path");
      pathButton.disabled = true;
      counts();
    });

    layout();
    paintCommunities();
    renderTables();
    counts();
    root.cy = cy;  // for the browser tests and the curious
  }

  function init() {
    var root = document.getElementById("network");
    if (root && window.cytoscape) { setup(root); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
