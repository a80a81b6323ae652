/* The supervisor's figures page (desk/figures.html, tousu/desk/figures/).
 *
 * Draws each chart with Chart.js (served by Tousu: static/tousu/vendor/chartjs) from the data the
 * page carries in <script type="application/json" id="figures-data"> (no inline script: the
 * Content-Security-Policy forbids it). A bar or point whose row has a queue link opens the
 * queue with that filter. The filter form shows the custom dates only for a custom period.
 */
(function () {
  "use strict";

  var INK = "#1f2329", MUTED = "#646a73", GRID = "#eceef1";

  function axisTick(kind) {
    return function (value) {
      if (kind === "pct") return value + "%";
      return Number(value).toLocaleString();
    };
  }

  function datasets(spec) {
    var line = spec.type === "line";
    var many = spec.labels.length > 45;
    return spec.series.map(function (s) {
      return {
        label: s.label,
        data: s.values,
        shown: s.shown,
        borderColor: s.color,
        backgroundColor: line ? s.color + "1f" : s.color + "d9",
        hoverBackgroundColor: s.color,
        borderWidth: line ? 2 : 0,
        borderRadius: line ? 0 : 3,
        maxBarThickness: 36,
        pointRadius: line ? (many ? 0 : 2.5) : undefined,
        pointHoverRadius: 4,
        cubicInterpolationMode: "monotone",
        fill: line && spec.series.length === 1,
      };
    });
  }

  function options(spec) {
    var horizontal = spec.type === "hbar" || spec.type === "hstacked";
    var stacked = spec.type === "hstacked";
    var kind = spec.series.length ? spec.series[0].kind : "int";
    var values = { beginAtZero: true, stacked: stacked, grid: { color: GRID },
      ticks: { color: MUTED, callback: axisTick(kind), precision: 0 } };
    var names = { stacked: stacked, grid: { display: false },
      ticks: { color: horizontal ? INK : MUTED, autoSkip: !horizontal, maxRotation: 0 } };
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduce ? false : { duration: 400 },
      indexAxis: horizontal ? "y" : "x",
      interaction: { mode: "index", intersect: spec.type !== "line" },
      scales: horizontal ? { x: values, y: names } : { x: names, y: values },
      plugins: {
        legend: { display: spec.series.length > 1, position: "bottom",
          labels: { boxWidth: 12, boxHeight: 12, color: INK } },
        tooltip: { callbacks: { label: function (item) {
          return item.dataset.label + "：" + item.dataset.shown[item.dataIndex];
        } } },
      },
      onHover: function (event, active) {
        var link = active.length && spec.links[active[0].index];
        event.native.target.style.cursor = link ? "pointer" : "default";
      },
      onClick: function (event, active) {
        var link = active.length && spec.links[active[0].index];
        if (link) window.location.assign(link);
      },
    };
  }

  function draw(spec) {
    var canvas = document.querySelector('canvas[data-chart="' + spec.id + '"]');
    if (!canvas) return;
    if (spec.type === "hbar" || spec.type === "hstacked") {  // each bar tall enough for its label
      var perLabel = 14 + 10 * Math.max(1, spec.type === "hstacked" ? 1 : spec.series.length);
      canvas.parentNode.style.height = Math.max(220, spec.labels.length * perLabel + 60) + "px";
    }
    new window.Chart(canvas, {
      type: spec.type === "line" ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: options(spec),
    });
  }

  function customDates(form) {
    var period = form.querySelector("select[name=period]");
    if (!period) return;
    var fields = form.querySelectorAll(".field-start, .field-end");
    function sync() {
      var custom = period.value === "custom";
      fields.forEach(function (label) {
        var input = label.querySelector("input");
        var invalid = label.classList.contains("invalid");
        label.hidden = !custom && !invalid;
        if (custom && !input.value) input.value = form.dataset[input.name] || "";
      });
    }
    period.addEventListener("change", sync);
    sync();
  }

  function start() {
    var form = document.querySelector("[data-figures-filters]");
    if (form) customDates(form);
    var data = document.getElementById("figures-data");
    if (!data || !window.Chart) return;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.color = MUTED;
    JSON.parse(data.textContent).forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
