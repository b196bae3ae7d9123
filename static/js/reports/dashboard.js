/* The coordinator dashboard: each <figure data-chart-url> gets its chart drawn with
   Chart.js from the JSON endpoint; the table beside it (rendered on the server) stays the
   accessible source of the figures. No inline script; nothing runs without Chart.js. */
(function () {
  "use strict";
  var PALETTE = ["#1f5f99", "#b3541e", "#2e7d32", "#6a3d9a", "#8c1c3a", "#005f5f"];

  function draw(figure, data) {
    var canvas = figure.querySelector("canvas");
    var drawn = data.series.filter(function (series) { return series.drawn; });
    var datasets = drawn.map(function (series, index) {
      var colour = PALETTE[index % PALETTE.length];
      return {
        label: series.label,
        data: series.values.map(Number),
        backgroundColor: colour,
        borderColor: colour,
        fill: false
      };
    });
    new window.Chart(canvas, {
      type: data.kind === "line" ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true } }
      }
    });
    figure.setAttribute("data-drawn", "true");
  }

  function load(figure) {
    return fetch(figure.getAttribute("data-chart-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) { draw(figure, data); })
      .catch(function () { figure.setAttribute("data-drawn", "failed"); });
  }

  function start() {
    if (typeof window.Chart === "undefined") { return; }
    var figures = document.querySelectorAll("figure[data-chart-url]");
    Array.prototype.forEach.call(figures, function (figure) {
      figure.classList.add("has-chart");
    });
    // One chart's figures after another: the server answers one request at a time for
    // this page instead of five at once.
    Array.prototype.reduce.call(figures, function (previous, figure) {
      return previous.then(function () { return load(figure); });
    }, Promise.resolve());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
