/* The map of the region (insights/_map.html): a choropleth of cases (or kg) per country, drawn with
   chartjs-chart-geo from the region's Natural Earth boundaries served by the platform, with three overlays
   drawn on the same canvas: seizure points grouped on the server (their size by cases or kg), border crossing
   points (diamonds sized by activity) and route arcs (departure to destination).

   Zoom: the visible box is halved around its centre (or around a group of points when one is selected) and
   the groups are fetched again for that box at a finer grid. Nothing here reaches outside the platform. */
(function () {
  "use strict";

  var loadScript = window.hamkariInsights.loadScript;
  var getJSON = window.hamkariInsights.getJSON;
  var fill = window.hamkariInsights.fill;

  var REGION = [38, 20, 92, 58];
  var MAX_ZOOM = 12;

  function outlineOf(bbox) {
    // Points, not a polygon: d3-geo reads a polygon's winding on the sphere, points have none.
    var w = bbox[0], s = bbox[1], e = bbox[2], n = bbox[3];
    return { type: "Feature", geometry: { type: "MultiPoint",
      coordinates: [[w, s], [e, s], [e, n], [w, n], [(w + e) / 2, s], [(w + e) / 2, n]] } };
  }

  function MapCard(root) {
    this.root = root;
    this.canvas = root.querySelector("canvas");
    this.status = root.querySelector(".map-status");
    this.tip = root.querySelector(".map-tip");
    this.t = JSON.parse(root.querySelector(".map-i18n").textContent);
    this.lang = document.documentElement.lang || "en";
    this.rtl = document.documentElement.dir === "rtl";
    this.fmt = new Intl.NumberFormat(this.lang, { maximumFractionDigits: 1 });
    this.measure = "cases";
    this.layers = { countries: true, clusters: true, crossings: true, routes: true };
    this.zoom = 0;
    this.bbox = REGION.slice();
    this.data = null;
    this.items = []; // overlay shapes drawn last, for hovering: {x, y, r, text, cluster}
  }

  MapCard.prototype.url = function (base, extra) {
    var q = this.root.dataset.query || "";
    var parts = [q, extra].filter(Boolean).join("&");
    return base + (parts ? "?" + parts : "");
  };

  MapCard.prototype.viewQuery = function () {
    return "zoom=" + this.zoom + "&bbox=" + this.bbox.map(function (v) { return v.toFixed(2); }).join(",");
  };

  MapCard.prototype.say = function (text) { this.status.textContent = text; };

  MapCard.prototype.start = function () {
    var self = this, root = this.root;
    root.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    var tables = root.querySelector(".chart-table");
    var toggle = root.querySelector("[data-toggle-table]");
    tables.hidden = true;
    toggle.addEventListener("click", function () { self.toggleTable(tables, toggle); });
    root.querySelectorAll("input[name=layer]").forEach(function (box) {
      box.addEventListener("change", function () { self.layers[box.value] = box.checked; self.redraw(); });
    });
    root.querySelector("select[name=measure]").addEventListener("change", function (ev) {
      self.measure = ev.target.value; self.redraw();
    });
    root.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () { self.zoomBy(button.dataset.zoom); });
    });
    this.say(this.t.loading);
    var libs = loadScript(root.dataset.chartLib, function () { return !!window.Chart; }).then(function () {
      return loadScript(root.dataset.geoLib, function () { return !!window.ChartGeo; });
    });
    var geo = getJSON(root.dataset.geoUrl, 1);
    Promise.all([libs, geo, this.fetchData()]).then(function (results) {
      self.regions = results[1];
      self.data = results[2];
      self.draw();
    }).catch(function (err) { self.fail(err); });
  };

  MapCard.prototype.fail = function (err) {
    this.say(err && err.final && err.message.length < 300 && !/^\d+$/.test(err.message) ? err.message : this.t.failed);
    this.root.classList.add("failed");
  };

  MapCard.prototype.fetchData = function () {
    return getJSON(this.url(this.root.dataset.dataUrl, this.viewQuery()), 1);
  };

  MapCard.prototype.toggleTable = function (tables, toggle) {
    var open = tables.hidden;
    tables.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? this.t.hideTable : this.t.showTable;
    if (open && !tables.dataset.loaded && !tables.querySelector("table, .empty")) {
      tables.dataset.loaded = "1";
      fetch(this.url(this.root.dataset.tablesUrl), { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) { tables.innerHTML = html; });
    }
  };

  MapCard.prototype.value = function (row) {
    return this.measure === "kg" ? row.kg : (row.cases !== undefined ? row.cases : row.count);
  };

  MapCard.prototype.countryValues = function () {
    var byCode = {};
    var self = this;
    (this.data.countries || []).forEach(function (row) { byCode[row.country] = row; });
    return this.regions.features.map(function (f) {
      var row = byCode[f.properties.iso2];
      return { feature: f, value: row ? self.value(row) : (f.properties.member ? 0 : null) };
    });
  };

  MapCard.prototype.draw = function () {
    var self = this;
    var names = {};
    (this.data.countries || []).forEach(function (row) { names[row.country] = row.name; });
    this.names = names;
    var overlay = { id: "hamkariOverlay", afterDatasetsDraw: function (chart) { self.drawOverlay(chart); } };
    this.chart = new window.Chart(this.canvas, {
      type: "choropleth",
      data: {
        labels: this.regions.features.map(function (f) { return names[f.properties.iso2] || f.properties.name; }),
        datasets: [{
          data: this.countryValues(),
          outline: outlineOf(this.bbox),
          showOutline: false,
          clipMap: true,
          borderColor: "#fff",
          borderWidth: 0.6,
        }],
      },
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
            filter: function () { return self.layers.countries && !self.hovered; },
            callbacks: {
              label: function (ctx) {
                var row = (self.data.countries || []).filter(function (r) {
                  return r.country === ctx.raw.feature.properties.iso2;
                })[0];
                if (!row) return "";
                return self.fmt.format(row.cases) + " " + self.t.cases + " · " + self.fmt.format(row.kg) + " " + self.t.kg;
              },
            },
          },
        },
        scales: {
          projection: { axis: "x", projection: "mercator" },
          color: {
            axis: "x",
            interpolate: function (v) {
              // Light to deep red: readable in print, and against the blue-grey of countries without data.
              var a = 0.12 + 0.78 * v;
              return "rgba(180, 40, 30, " + a.toFixed(2) + ")";
            },
            missing: "#e9ecef",
            legend: { position: this.rtl ? "bottom-left" : "bottom-right", align: this.rtl ? "left" : "right" },
            ticks: { callback: function (v) { return self.fmt.format(v); } },
          },
        },
        onClick: function (ev) { self.click(ev); },
      },
      plugins: [overlay],
    });
    this.canvas.addEventListener("mousemove", function (ev) { self.hover(ev); });
    this.canvas.addEventListener("mouseleave", function () { self.hovered = null; self.tip.hidden = true; });
    this.summarize();
  };

  MapCard.prototype.summarize = function () {
    var d = this.data, points = 0;
    d.clusters.forEach(function (c) { points += c.count; });
    var cases = 0;
    d.countries.forEach(function (c) { cases += c.cases; });
    if (!cases && !points) {
      this.say(this.t.empty);
      return;
    }
    this.say(fill(this.t.summary, {
      cases: this.fmt.format(cases), countries: this.fmt.format(d.countries.length),
      points: this.fmt.format(points), groups: this.fmt.format(d.clusters.length),
      crossings: this.fmt.format(d.crossings.length), routes: this.fmt.format(d.arcs.length),
    }) + (d.clusters.length ? " " + this.t.zoomHint : ""));
  };

  MapCard.prototype.redraw = function () {
    if (!this.chart) return;
    var ds = this.chart.data.datasets[0];
    ds.data = this.layers.countries ? this.countryValues() : this.countryValues().map(function (d) {
      return { feature: d.feature, value: null };
    });
    ds.outline = outlineOf(this.bbox);
    this.chart.update("none");
    this.summarize();
  };

  MapCard.prototype.zoomBy = function (how, centre) {
    var b = this.bbox;
    if (how === "reset") {
      this.zoom = 0;
      this.bbox = REGION.slice();
    } else if (how === "in" && this.zoom < MAX_ZOOM) {
      var cx = centre ? centre[0] : (b[0] + b[2]) / 2, cy = centre ? centre[1] : (b[1] + b[3]) / 2;
      var hw = (b[2] - b[0]) / 4, hh = (b[3] - b[1]) / 4;
      this.zoom += 1;
      this.bbox = [cx - hw, cy - hh, cx + hw, cy + hh];
    } else if (how === "out" && this.zoom > 0) {
      var mx = (b[0] + b[2]) / 2, my = (b[1] + b[3]) / 2, w = (b[2] - b[0]), h = (b[3] - b[1]);
      this.zoom -= 1;
      this.bbox = this.zoom === 0 ? REGION.slice() : [mx - w, my - h, mx + w, my + h];
    } else {
      return;
    }
    this.bbox = [Math.max(-180, this.bbox[0]), Math.max(-90, this.bbox[1]),
                 Math.min(180, this.bbox[2]), Math.min(90, this.bbox[3])];
    var self = this;
    this.say(this.t.loading);
    this.fetchData().then(function (data) {
      self.data = data;
      self.zoom = data.zoom;
      self.redraw();
    }).catch(function (err) { self.fail(err); });
  };

  // --- overlays ---------------------------------------------------------------------------------------------

  MapCard.prototype.radius = function (value, max, smallest, largest) {
    if (!max || !value) return smallest;
    return smallest + (largest - smallest) * Math.sqrt(value / max);
  };

  MapCard.prototype.drawOverlay = function (chart) {
    var scale = chart.scales.projection;
    if (!scale || !scale.projection || !this.data) return;
    var project = scale.projection, ctx = chart.ctx, area = chart.chartArea, self = this;
    var d = this.data, items = [];
    var small = Math.max(3, Math.min(area.right - area.left, area.bottom - area.top) / 120);
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    if (this.layers.routes && d.arcs.length) {
      var maxArc = Math.max.apply(null, d.arcs.map(function (a) { return self.value(a) || 0; }));
      d.arcs.forEach(function (a) {
        var p = project(a.start), q = project(a.end);
        if (!p || !q) return;
        var mx = (p[0] + q[0]) / 2, my = (p[1] + q[1]) / 2, dx = q[0] - p[0], dy = q[1] - p[1];
        var cx = mx - dy * 0.2, cy = my + dx * 0.2; // bend to one side: two-way routes stay apart
        var width = self.radius(self.value(a), maxArc, 1, small * 1.2);
        ctx.strokeStyle = "rgba(21, 101, 192, 0.75)";
        ctx.lineWidth = width;
        ctx.beginPath();
        ctx.moveTo(p[0], p[1]);
        ctx.quadraticCurveTo(cx, cy, q[0], q[1]);
        ctx.stroke();
        var angle = Math.atan2(q[1] - cy, q[0] - cx), head = 4 + width * 1.5;
        ctx.fillStyle = "rgba(21, 101, 192, 0.9)";
        ctx.beginPath();
        ctx.moveTo(q[0], q[1]);
        ctx.lineTo(q[0] - head * Math.cos(angle - 0.4), q[1] - head * Math.sin(angle - 0.4));
        ctx.lineTo(q[0] - head * Math.cos(angle + 0.4), q[1] - head * Math.sin(angle + 0.4));
        ctx.closePath();
        ctx.fill();
        items.push({ x: (p[0] + 2 * cx + q[0]) / 4, y: (p[1] + 2 * cy + q[1]) / 4, r: 6 + width,
                     text: self.t.route + ": " + a.from_name + (self.rtl ? " ← " : " → ") + a.to_name + " · "
                       + self.fmt.format(a.cases) + " " + self.t.cases + " · " + self.fmt.format(a.kg) + " " + self.t.kg });
      });
    }
    if (this.layers.clusters && d.clusters.length) {
      var maxCluster = Math.max.apply(null, d.clusters.map(function (c) { return self.value(c) || 0; }));
      ctx.font = "11px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      d.clusters.forEach(function (c) {
        var p = project([c.lon, c.lat]);
        if (!p) return;
        var r = self.radius(self.value(c), maxCluster, small, small * 5);
        ctx.fillStyle = "rgba(230, 81, 0, 0.55)";
        ctx.strokeStyle = "rgba(120, 40, 0, 0.9)";
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.arc(p[0], p[1], r, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
        if (c.count > 1 && r >= 9) {
          ctx.fillStyle = "#1b1b1b";
          ctx.fillText(self.fmt.format(c.count), p[0], p[1]);
        }
        items.push({ x: p[0], y: p[1], r: Math.max(r, 8), cluster: c,
                     text: self.t.clusters + ": " + self.fmt.format(c.count) + " " + self.t.cases + " · "
                       + self.fmt.format(c.kg) + " " + self.t.kg });
      });
    }
    if (this.layers.crossings && d.crossings.length) {
      var maxCrossing = Math.max.apply(null, d.crossings.map(function (c) { return self.value(c) || 0; }));
      d.crossings.forEach(function (c) {
        var p = project([c.lon, c.lat]);
        if (!p) return;
        var r = self.radius(self.value(c), maxCrossing, small, small * 3.5);
        ctx.fillStyle = "rgba(106, 27, 154, 0.75)";
        ctx.strokeStyle = "#fff";
        ctx.lineWidth = 1.2;
        ctx.beginPath();
        ctx.moveTo(p[0], p[1] - r);
        ctx.lineTo(p[0] + r, p[1]);
        ctx.lineTo(p[0], p[1] + r);
        ctx.lineTo(p[0] - r, p[1]);
        ctx.closePath();
        ctx.fill();
        ctx.stroke();
        items.push({ x: p[0], y: p[1], r: Math.max(r, 8),
                     text: self.t.crossing + ": " + c.name + " (" + c.country_name
                       + (c.neighbour_name ? " / " + c.neighbour_name : "") + ") · " + self.fmt.format(c.cases)
                       + " " + self.t.cases + " · " + self.fmt.format(c.kg) + " " + self.t.kg });
      });
    }
    ctx.restore();
    this.items = items;
  };

  MapCard.prototype.itemAt = function (ev) {
    var rect = this.canvas.getBoundingClientRect();
    var x = ev.clientX - rect.left, y = ev.clientY - rect.top, best = null, bestD = Infinity;
    this.items.forEach(function (it) {
      var dist = Math.hypot(it.x - x, it.y - y);
      if (dist <= it.r && dist < bestD) { best = it; bestD = dist; }
    });
    return best;
  };

  MapCard.prototype.hover = function (ev) {
    var it = this.itemAt(ev);
    this.hovered = it;
    if (!it) {
      this.tip.hidden = true;
      this.canvas.style.cursor = "";
      return;
    }
    this.canvas.style.cursor = it.cluster ? "zoom-in" : "default";
    this.tip.textContent = it.text;
    this.tip.hidden = false;
    this.tip.style.left = Math.min(it.x + 12, this.canvas.clientWidth - this.tip.offsetWidth) + "px";
    this.tip.style.top = Math.max(0, it.y - 30) + "px";
  };

  MapCard.prototype.click = function (ev) {
    var it = this.itemAt(ev.native || ev);
    if (it && it.cluster) this.zoomBy("in", [it.cluster.lon, it.cluster.lat]);
    else if (it) { this.tip.textContent = it.text; this.tip.hidden = false; }
  };

  function init(scope) {
    (scope || document).querySelectorAll("[data-map]").forEach(function (root) {
      if (root.dataset.mapStarted) return;
      root.dataset.mapStarted = "1";
      new MapCard(root).start();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(); });
  else init();
  // The dashboard may swap its content with htmx after a filter change: start the new map.
  document.addEventListener("htmx:afterSettle", function (ev) { init(ev.target); });
})();
