// Draws each agreement's intraday chart (uPlot) from the data the server put on the page, and
// again after every live update replaces the figures.
(function () {
  "use strict";

  function draw(figure) {
    var data;
    try {
      data = JSON.parse(figure.getAttribute("data-chart"));
    } catch (e) {
      return;
    }
    var old = figure.querySelector(".uplot");
    if (old) {
      old.remove();
    }
    if (!data[0] || data[0].length === 0) {
      return;
    }
    var width = Math.max(240, figure.clientWidth - 8);
    // A balance holds its value until the next block changes it: draw steps, not slopes.
    var steps = uPlot.paths.stepped({ align: 1 });
    new uPlot(
      {
        width: width,
        height: 180,
        series: [
          {},
          { label: "Posted", stroke: "#0b5cad", width: 2, paths: steps },
          { label: "Available", stroke: "#1d7a3a", width: 2, paths: steps, dash: [6, 4] }
        ],
        axes: [{}, { size: 80 }]
      },
      data,
      figure
    );
  }

  function drawAll() {
    document.querySelectorAll("figure[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.body.addEventListener("htmx:afterSettle", drawAll);
  if (document.readyState !== "loading") {
    drawAll();
  }
})();
