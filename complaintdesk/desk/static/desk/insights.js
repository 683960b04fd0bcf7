/* Draws the dashboard's charts with plotly.js (served from the installed plotly package).
   Each chart reads the JSON block named in its data-chart attribute: the same figures as the
   table beside it. Labels arrive translated from the server. */
(function () {
  "use strict";
  var font = {family: "system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', sans-serif", size: 12};
  function layout(extra) {
    var base = {margin: {l: 40, r: 10, t: 10, b: 40}, font: font, height: 260,
                paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)"};
    for (var k in extra) { base[k] = extra[k]; }
    return base;
  }
  function traces(spec) {
    if (spec.kind === "lines") {
      return spec.series.map(function (s) {
        return {type: "scatter", mode: "lines+markers", name: s.name, x: s.x, y: s.y};
      });
    }
    if (spec.kind === "line") {
      return [{type: "scatter", mode: "lines+markers", x: spec.x, y: spec.y, name: spec.title,
               line: {color: "#2f6db5"}}];
    }
    return [{type: "bar", orientation: "h", x: spec.y.slice().reverse(),
             y: spec.x.slice().reverse(), marker: {color: "#2f6db5"}, name: spec.title}];
  }
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      var extra = spec.kind === "bar" ? {margin: {l: 150, r: 10, t: 10, b: 30},
                                         height: Math.max(160, 26 * spec.x.length + 40)} : {};
      if (spec.kind === "lines") { extra.yaxis = {ticksuffix: "%", rangemode: "tozero"}; }
      if (spec.kind === "lines" || spec.kind === "line") {
        /* numeric dates: no month names in one language on a page in another */
        extra.xaxis = {tickformat: "%Y-%m-%d", hoverformat: "%Y-%m-%d"};
      }
      window.Plotly.newPlot(el, traces(spec), layout(extra),
                            {displayModeBar: false, responsive: true});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
