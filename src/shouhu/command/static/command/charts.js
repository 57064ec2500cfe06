/* Trend charts of the command view (指挥视图): Apache ECharts served from this origin, zh or en locale
   from the page's language. Without JavaScript (or if ECharts fails) the table under the chart stays as
   it is: the chart only replaces its view, never its data. */
(function () {
  "use strict";
  function draw(box) {
    var source = document.getElementById(box.dataset.source);
    if (!source || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent || "{}");
    if (!data.labels || !data.labels.length) return;
    var en = (document.documentElement.lang || "").indexOf("en") === 0;
    box.hidden = false;
    var chart = window.echarts.init(box, null, { locale: en ? "EN" : "ZH", renderer: "canvas" });
    var rates = data.series.filter(function (s) { return s.rate; });
    var counts = data.series.filter(function (s) { return !s.rate; });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 28 },
      xAxis: { type: "category", data: data.labels },
      yAxis: [
        { type: "value", name: "%", min: 0, max: 100 },
        { type: "value", minInterval: 1, splitLine: { show: false } }
      ],
      series: rates.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, yAxisIndex: 0 };
      }).concat(counts.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, yAxisIndex: 1, barMaxWidth: 18 };
      }))
    });
    var table = document.querySelector('[data-chart-table="' + box.dataset.chart + '"]');
    if (table) table.classList.add("visually-hidden");  // still read by screen readers
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function start() { document.querySelectorAll("[data-chart]").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
