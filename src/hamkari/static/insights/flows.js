/* Route flows (insights/_flows.html) as a flow (Sankey) chart: producing -> departure -> transit(s) ->
   destination, one column per stage. The server names each node (a country in a stage) in the interface
   language; in a right-to-left language the columns run from right to left, as the text does. */
(function () {
  "use strict";

  var loadScript = window.hamkariInsights.loadScript;
  var getJSON = window.hamkariInsights.getJSON;
  var fill = window.hamkariInsights.fill;

  var PALETTE = ["#b71c1c", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#4e342e", "#ad1457",
                 "#283593", "#558b2f", "#d84315", "#37474f"];

  function FlowsCard(root) {
    this.root = root;
    this.canvas = root.querySelector("canvas");
    this.status = root.querySelector(".flows-status");
    this.t = JSON.parse(root.querySelector(".flows-i18n").textContent);
    this.lang = document.documentElement.lang || "en";
    this.rtl = document.documentElement.dir === "rtl";
    this.fmt = new Intl.NumberFormat(this.lang, { maximumFractionDigits: 1 });
    this.measure = "cases";
  }

  FlowsCard.prototype.url = function (base) {
    var q = this.root.dataset.query || "";
    return base + (q ? "?" + q : "");
  };

  FlowsCard.prototype.say = function (text) { this.status.textContent = text; };

  FlowsCard.prototype.start = function () {
    var self = this, root = this.root;
    root.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    var tables = root.querySelector(".chart-table");
    var toggle = root.querySelector("[data-toggle-table]");
    tables.hidden = true;
    toggle.addEventListener("click", function () {
      var open = tables.hidden;
      tables.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? self.t.hideTable : self.t.showTable;
      if (open && !tables.dataset.loaded && !tables.querySelector("table, .empty")) {
        tables.dataset.loaded = "1";
        fetch(self.url(root.dataset.tablesUrl), { credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) { tables.innerHTML = html; });
      }
    });
    root.querySelector("select[name=measure]").addEventListener("change", function (ev) {
      self.measure = ev.target.value;
      if (self.data) self.draw();
    });
    this.say(this.t.loading);
    var libs = loadScript(root.dataset.chartLib, function () { return !!window.Chart; }).then(function () {
      return loadScript(root.dataset.sankeyLib, function () {
        return !!(window.Chart && window.Chart.registry && window.Chart.registry.controllers.get("sankey"));
      });
    });
    var data = getJSON(this.url(root.dataset.dataUrl), 1);
    Promise.all([libs, data]).then(function (results) {
      self.data = results[1];
      self.draw();
    }).catch(function (err) {
      self.say(err && err.final && !/^\d+$/.test(err.message) && err.message.length < 300 ? err.message : self.t.failed);
    });
  };

  FlowsCard.prototype.draw = function () {
    var self = this, d = this.data, nodes = d.nodes;
    var links = d.links.filter(function (l) { return (self.measure === "kg" ? l.kg : l.cases) > 0; });
    var box = this.root.querySelector(".flows-scroll");
    if (!links.length) {
      box.hidden = true;
      this.say(this.t.empty);
      if (this.chart) { this.chart.destroy(); this.chart = null; }
      return;
    }
    box.hidden = false;
    // Columns that hold nodes, packed (a route with one transit leaves transit 2..4 empty), mirrored in RTL.
    var used = {};
    Object.keys(nodes).forEach(function (k) { used[nodes[k].column] = true; });
    var order = Object.keys(used).map(Number).sort(function (a, b) { return a - b; });
    var labels = {}, column = {}, colours = {}, palette = {};
    Object.keys(nodes).forEach(function (k) {
      var n = nodes[k], i = order.indexOf(n.column);
      labels[k] = n.label;
      column[k] = self.rtl ? order.length - 1 - i : i;
      if (!(n.country in palette)) palette[n.country] = PALETTE[Object.keys(palette).length % PALETTE.length];
      colours[k] = palette[n.country];
    });
    // Fewer columns on a phone than on a wide screen would hide stages; the chart scrolls sideways instead.
    this.canvas.parentNode.style.minWidth = Math.max(320, order.length * 130) + "px";
    var dataset = {
      // Right to left: the links are given backwards (destination first) in mirrored columns, so the chart
      // lays the same picture out from the right; the tooltip names them in their real direction.
      data: links.map(function (l) {
        return { from: self.rtl ? l.to : l.from, to: self.rtl ? l.from : l.to, source: l.from, target: l.to,
                 flow: self.measure === "kg" ? l.kg : l.cases, cases: l.cases, kg: l.kg };
      }),
      labels: labels,
      column: column,
      colorFrom: function (c) { return colours[c.raw.from]; },
      colorTo: function (c) { return colours[c.raw.to]; },
      colorMode: "gradient",
      alpha: 0.45,
      size: "max",
      nodeWidth: 12,
      nodePadding: 8,
      font: { size: 11 },
    };
    if (this.chart) this.chart.destroy();
    this.chart = new window.Chart(this.canvas, {
      type: "sankey",
      data: { datasets: [dataset] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: this.lang,
        plugins: {
          legend: { display: false },
          tooltip: {
            rtl: this.rtl,
            textDirection: this.rtl ? "rtl" : "ltr",
            callbacks: {
              label: function (ctx) {
                var raw = ctx.raw;
                return labels[raw.source] + (self.rtl ? " ← " : " → ") + labels[raw.target] + ": "
                  + self.fmt.format(raw.cases) + " " + self.t.cases + " · " + self.fmt.format(raw.kg) + " " + self.t.kg;
              },
            },
          },
        },
      },
    });
    this.say(fill(this.t.summary, { cases: this.fmt.format(d.cases), links: this.fmt.format(links.length) }));
  };

  function init(scope) {
    (scope || document).querySelectorAll("[data-flows]").forEach(function (root) {
      if (root.dataset.flowsStarted) return;
      root.dataset.flowsStarted = "1";
      new FlowsCard(root).start();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  document.addEventListener("htmx:afterSettle", function (ev) { init(ev.target); });
})();
