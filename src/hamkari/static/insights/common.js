/* What the map (map.js) and the route flows (flows.js) share: loading a chart library once, fetching JSON
   with one retry, and filling a translated "%(name)s" template. The dashboard includes both partials, and so
   this file twice: the second run keeps the first's state. */
(function () {
  "use strict";

  if (window.hamkariInsights) return;

  var loads = (window.hamkariScripts = window.hamkariScripts || {});

  function loadScript(url, ready) {
    // Each library is loaded once: the dashboard may have it in its own (deferred) script tag, which runs after
    // this one; then wait for that tag rather than loading a second copy (a second Chart.js would lose the
    // chart types registered on the first).
    if (ready()) return Promise.resolve();
    if (!loads[url]) {
      loads[url] = new Promise(function (resolve, reject) {
        var tag = document.querySelector('script[src="' + url + '"]');
        if (tag) {
          tag.addEventListener("load", resolve);
          tag.addEventListener("error", function () { reject(new Error("failed to load " + url)); });
          document.addEventListener("DOMContentLoaded", function () { if (ready()) resolve(); });
          return;
        }
        var s = document.createElement("script");
        s.src = url;
        s.onload = resolve;
        s.onerror = function () { reject(new Error("failed to load " + url)); };
        document.head.appendChild(s);
      });
    }
    return loads[url];
  }

  function getJSON(url, retries) {
    // One retry when the answer is not JSON (a proxy's error page, or a session write that lost a race with
    // the page's other requests); a JSON error (a bad filter, 400) is final and its message is shown.
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw Object.assign(new Error(body.error || String(r.status)), { final: true });
        return body;
      });
    }).catch(function (err) {
      if (err.final || !retries) throw err;
      return new Promise(function (resolve) { setTimeout(resolve, 400); }).then(function () {
        return getJSON(url, retries - 1);
      });
    });
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, name) { return values[name]; });
  }

  window.hamkariInsights = { loadScript: loadScript, getJSON: getJSON, fill: fill };
})();
