/* Charts are drawn when they near the viewport: plotly.js (1.3 MB) is fetched then, once.
 * Each chart's plotly call waits in an inert <script type="text/x-plotly-chart"> (written
 * by tianyuan.assets) and runs as a script once plotly.js has loaded. */
(function () {
  "use strict";
  var self = document.currentScript;
  var plotlySrc = self && self.getAttribute("data-plotly");
  var loading = null;

  function loadPlotly() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = plotlySrc;
        s.onload = resolve;
        s.onerror = function () { reject(new Error("plotly.js did not load: " + plotlySrc)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function draw(chart) {
    if (chart.hasAttribute("data-chart-state")) return;
    chart.setAttribute("data-chart-state", "loading");
    loadPlotly().then(function () {
      chart.querySelectorAll('script[type="text/x-plotly-chart"]').forEach(function (inert) {
        var live = document.createElement("script");
        live.text = inert.textContent;
        inert.replaceWith(live);
      });
      chart.setAttribute("data-chart-state", "drawn");
    }, function (err) {
      chart.setAttribute("data-chart-state", "failed");
      console.warn(err.message);
    });
  }

  function start() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".tianyuan-chart"));
    if (!("IntersectionObserver" in window)) { charts.forEach(draw); return; }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { seen.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "200px 0px" });
    charts.forEach(function (chart) { seen.observe(chart); });
    window.addEventListener("beforeprint", function () { charts.forEach(draw); });
  }

  // after the page has loaded: the text first, then the charts' 1.2 MB
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
