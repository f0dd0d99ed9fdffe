// Charts of the audit pages, drawn by ECharts (served from static/vendor) from the data-* attributes the
// server rendered; the table beside each chart carries the same figures for readers without scripts.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  function read(node, name) { return JSON.parse(node.getAttribute("data-" + name) || "null"); }
  var nodes = document.querySelectorAll("[data-chart]");
  for (var i = 0; i < nodes.length; i++) {
    var node = nodes[i];
    var keys = read(node, "keys") || [];
    var labels = (read(node, "labels") || []).map(function (label, n) { return label || String(keys[n]); });
    var names = read(node, "series") || {};
    var rates = (read(node, "rates") || []).map(function (r) { return r === null ? null : Math.round(parseFloat(r) * 10000) / 100; });
    var chart = window.echarts.init(node, null, { renderer: "canvas" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 80, right: 60, top: 40, bottom: 60 },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: [{ type: "value", name: "¥" }, { type: "value", name: "%", min: 0 }],
      series: [
        { name: names.deal, type: "bar", data: read(node, "deals") },
        { name: names.savings, type: "bar", data: read(node, "values") },
        { name: names.rate, type: "line", yAxisIndex: 1, data: rates }
      ]
    });
    window.addEventListener("resize", chart.resize);
  }
})();
