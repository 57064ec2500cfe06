/* A clean zone's trend (表9 parameter, a year of daily mean and min–max, limits drawn): Apache ECharts served
   from this origin (the copy under shouhu/vendor, shared by the command view), zh or en locale from the page's language. Without
   JavaScript, or if ECharts fails, the server-drawn SVG under it stays: the chart only replaces its view. */
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
    var limits = (data.limits || []).map(function (v) {
      return { yAxis: v, name: String(v), lineStyle: { color: "#dc3545", type: "dashed" } };
    });
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 44, right: 12, top: 16, bottom: 48 },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 16, bottom: 4 }],
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: data.unit || "", scale: true },
      series: [
        { name: "min", type: "line", data: data.min, stack: "band", symbol: "none", lineStyle: { opacity: 0 } },
        { name: "max", type: "line", data: data.span, stack: "band", symbol: "none", lineStyle: { opacity: 0 },
          areaStyle: { color: "#0d6efd", opacity: 0.15 } },
        { name: "mean", type: "line", data: data.mean, symbol: "none", lineStyle: { color: "#0d6efd", width: 1.2 },
          markLine: { symbol: "none", data: limits, label: { formatter: "{b}" } } }
      ]
    });
    var svg = document.querySelector('[data-trend-svg="' + box.dataset.trend + '"]');
    if (svg) svg.classList.add("visually-hidden");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function start() { document.querySelectorAll("[data-trend]").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
