/* The dashboard's charts (insights/dashboard.html, _chart.html). The page works without this script: every
   chart's table is shown instead. With it, each chart is drawn with Chart.js from the figures delivered in the
   page (json_script "dashboard-data"), its table hidden behind a "Table view" toggle.

   Right to left (Dari, Pashto, Farsi, Urdu): legends and tooltips run right to left, time and value axes are
   reversed and the value axes move to the other side. Numbers are written in the page language's digits. */
(function () {
  "use strict";

  var MAX_BARS = 15; // a bar chart shows the largest categories; the table has them all
  var COLOURS = { cases: "#14532d", kg: "#b45309", median: "#1d4ed8" };

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function Dashboard() {
    this.data = readJson("dashboard-data") || {};
    this.t = readJson("dashboard-i18n") || {};
    this.lang = document.documentElement.lang || "en";
    this.rtl = document.documentElement.dir === "rtl";
    try {
      this.fmt = new Intl.NumberFormat(this.lang, { maximumFractionDigits: 1 });
    } catch (e) {
      this.fmt = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
    }
  }

  Dashboard.prototype.number = function (value) {
    return value === null || value === undefined ? "—" : this.fmt.format(value);
  };

  Dashboard.prototype.start = function () {
    var self = this;
    if (!window.Chart) return; // the tables stay: nothing is lost
    document.querySelectorAll("section[data-chart]").forEach(function (root) {
      var spec = self.data[root.dataset.chart];
      if (!spec || !root.querySelector("canvas")) return;
      self.setUp(root, spec);
    });
  };

  Dashboard.prototype.setUp = function (root, spec) {
    var self = this;
    var table = root.querySelector(".chart-table");
    var toggle = root.querySelector("[data-toggle-table]");
    var box = root.querySelector(".chart-box");
    root.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    table.hidden = true;
    self.label(toggle, false);
    toggle.addEventListener("click", function () {
      var showTable = table.hidden;
      table.hidden = !showTable;
      box.hidden = showTable;
      self.label(toggle, showTable);
    });
    if (spec.kind === "bars") {
      var rows = Math.min(spec.labels.length, MAX_BARS);
      box.style.height = Math.max(180, 60 + rows * 34) + "px"; // CSSOM: allowed by the page's CSP
    }
    new window.Chart(root.querySelector("canvas"), spec.kind === "time" ? this.timeChart(spec) : this.barChart(spec));
  };

  Dashboard.prototype.label = function (toggle, tableShown) {
    toggle.textContent = tableShown ? this.t.showChart : this.t.showTable;
    toggle.setAttribute("aria-expanded", tableShown ? "true" : "false");
  };

  Dashboard.prototype.common = function () {
    var self = this;
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: this.lang,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { rtl: this.rtl, textDirection: this.rtl ? "rtl" : "ltr", labels: { boxWidth: 12 } },
        tooltip: {
          rtl: this.rtl, textDirection: this.rtl ? "rtl" : "ltr",
          callbacks: { label: function (item) { return item.dataset.label + ": " + self.number(item.raw); } },
        },
      },
    };
  };

  Dashboard.prototype.axis = function (position, title, colour, extra) {
    var self = this;
    var axis = {
      position: position,
      beginAtZero: true,
      title: { display: true, text: title, color: colour },
      ticks: { color: colour, callback: function (value) { return self.number(value); } },
    };
    Object.keys(extra || {}).forEach(function (k) { axis[k] = extra[k]; });
    return axis;
  };

  Dashboard.prototype.timeChart = function (spec) {
    // Cases as bars; kilograms and the median as lines, each on its own axis.
    var start = this.rtl ? "right" : "left", end = this.rtl ? "left" : "right";
    var options = this.common();
    options.scales = {
      x: { reverse: this.rtl, ticks: { autoSkip: true, maxRotation: 0 } },
      cases: this.axis(start, this.t.cases, COLOURS.cases),
      kg: this.axis(end, this.t.kg, COLOURS.kg, { grid: { drawOnChartArea: false } }),
      median: this.axis(end, this.t.median, COLOURS.median, { grid: { drawOnChartArea: false } }),
    };
    var datasets = spec.series.map(function (s) {
      var line = s.axis !== "cases";
      return {
        type: line ? "line" : "bar", label: s.label, data: s.data, yAxisID: s.axis,
        backgroundColor: COLOURS[s.axis], borderColor: COLOURS[s.axis], borderWidth: line ? 2 : 0,
        // A month with no sized case has no median: a gap in the line, not a straight line across it.
        pointRadius: line ? 2 : undefined, spanGaps: false, order: line ? 0 : 1,
      };
    });
    return { type: "bar", data: { labels: spec.labels, datasets: datasets }, options: options };
  };

  Dashboard.prototype.barChart = function (spec) {
    // Horizontal bars, largest first: cases on one value axis, kilograms on the other.
    var options = this.common();
    options.indexAxis = "y";
    options.scales = {
      y: { position: this.rtl ? "right" : "left", ticks: { autoSkip: false } },
      cases: this.axis("bottom", this.t.cases, COLOURS.cases, { axis: "x", reverse: this.rtl }),
      kg: this.axis("top", this.t.kg, COLOURS.kg, { axis: "x", reverse: this.rtl, grid: { drawOnChartArea: false } }),
    };
    var datasets = spec.series.map(function (s) {
      return { label: s.label, data: s.data.slice(0, MAX_BARS), xAxisID: s.axis, backgroundColor: COLOURS[s.axis] };
    });
    return { type: "bar", data: { labels: spec.labels.slice(0, MAX_BARS), datasets: datasets }, options: options };
  };

  function go() { new Dashboard().start(); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", go);
  } else {
    go();
  }
})();
