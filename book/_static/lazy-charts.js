/* Charts are drawn when they near the viewport: plotly.js (1.3 MB) is fetched then, once.
 * Each chart's plotly call waits in an inert <script type="text/x-plotly-chart"> (written
 * by tianyuan.charts.output) and runs as a script once plotly.js has loaded.
 * Narrow containers: a chart's layout.meta.narrow ({below: px, layout: {path: value},
 * traces: {i: {path: value}}}, written by tianyuan.charts.responsive) is applied before
 * it is drawn in a container narrower than `below`, and applied or undone when the
 * container's width crosses it. */
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
        s.onload = function () { narrowBeforeDrawing(); resolve(); };
        s.onerror = function () { reject(new Error("plotly.js did not load: " + plotlySrc)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function adapt(pristine, narrow) {
    var spec = JSON.parse(pristine), changes = spec[1].meta.narrow;
    function set(target, paths) {
      Object.keys(paths || {}).forEach(function (path) {
        var keys = path.split("."), o = target;
        for (var i = 0; i < keys.length - 1; i++) o = o[keys[i]] = o[keys[i]] || {};
        o[keys[keys.length - 1]] = paths[path];
      });
    }
    if (narrow) {
      set(spec[1], changes.layout);
      Object.keys(changes.traces || {}).forEach(function (i) { set(spec[0][i], changes.traces[i]); });
    }
    return spec;
  }

  function narrowBeforeDrawing() {
    var newPlot = window.Plotly.newPlot, charts = [];
    window.Plotly.newPlot = function (id, data, layout, config) {
      var div = document.getElementById(id), changes = layout && layout.meta && layout.meta.narrow;
      if (!div || !changes) return newPlot.apply(this, arguments);
      var chart = { div: div, config: config, below: changes.below,
                    pristine: JSON.stringify([data, layout]), narrow: div.clientWidth < changes.below };
      charts.push(chart);
      var spec = adapt(chart.pristine, chart.narrow);
      div.style.height = spec[1].height + "px";
      return newPlot.call(this, div, spec[0], spec[1], config);
    };
    var pending = 0;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        charts.forEach(function (chart) {
          var narrow = chart.div.clientWidth < chart.below;
          if (narrow === chart.narrow) return;
          chart.narrow = narrow;
          var spec = adapt(chart.pristine, narrow);
          chart.div.style.height = spec[1].height + "px";
          window.Plotly.react(chart.div, spec[0], spec[1], chart.config);
        });
      }, 150);
    });
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
